import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../../server/logout/guarded-fetch.ts';

/** Finding 11 (suspected): DNS was resolved twice, once for the check and once by fetch, so a rebinding name passed. */
describe('the checked address is the connected address', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('resolves once per connection, inside the connect, and refuses a name that now points inside', async () => {
    const answers: string[] = [];
    // A rebinding name: public on the first question, loopback (where the target listens) on every later one.
    const rebinding = async () => {
      const address = answers.length === 0 ? '93.184.215.14' : '127.0.0.1';
      answers.push(address);
      return [{ address, family: 4 }];
    };
    const guarded = createGuardedFetch({ requireHttps: false, allowPrivate: false }, rebinding);
    // First connection: the public answer is what it connects to (unreachable here: it fails, never reaching us).
    await expect(
      guarded.fetch(`http://rebind.pitboss.test:${port}/bc`, {
        method: 'POST',
        signal: AbortSignal.timeout(1500),
      }),
    ).rejects.toThrow();
    // Second connection: the loopback answer is checked and refused before any byte is sent.
    const refused = await guarded.fetch(`http://rebind.pitboss.test:${port}/bc`, { method: 'POST' }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(String((refused?.cause as Error | undefined)?.message ?? refused)).toMatch(
      /non-global address \(127\.0\.0\.1\)/,
    );
    expect(answers).toEqual(['93.184.215.14', '127.0.0.1']);
    expect(hits).toBe(0);
    // The same name, allowed to be private, does reach the target: the refusal above was the policy.
    const open = createGuardedFetch({ requireHttps: false, allowPrivate: true });
    expect((await open.fetch(`http://localhost:${port}/bc`, { method: 'POST' })).status).toBe(200);
    expect(hits).toBe(1);
  });
});
