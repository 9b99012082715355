import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFixture } from '../admin/admin-fixture.ts';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';

/** `pitboss <args>` as an operator runs it, against the fixture's database and Redis. */
const cli = (env: NodeJS.ProcessEnv, args: string[]) => runCli(args, env);

// Instance B caches client metadata; changes made through instance A, its admin API or the CLI must reach
// B's cache by announcement, well inside the cache's 5 s safety TTL (so this cannot pass by expiry).
describe('client cache across instances', () => {
  let f: Awaited<ReturnType<typeof adminFixture>>;
  let b: RunningPitboss;
  let service: string;
  beforeAll(async () => {
    f = await adminFixture();
    b = await startPitboss(f.stores);
    service = await f.serviceToken();
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await f?.close();
  });

  const newMachineClient = async () => {
    const created = await f.api(service, '/clients', {
      method: 'POST',
      body: { name: 'Cashier', redirectUris: [], grantTypes: ['client_credentials'], scope: 'email' },
    });
    expect(created.status).toBe(201);
    const { clientId, clientSecret } = await created.json();
    return {
      clientId,
      onB: await client.discovery(new URL(b.url), clientId, clientSecret, undefined, {
        execute: [client.allowInsecureRequests],
      }),
    };
  };
  const tokenOnB = (rp: client.Configuration) =>
    client.clientCredentialsGrant(rp, { scope: 'email' }).then(
      () => 'ok',
      (err: { error?: string }) => err.error ?? String(err),
    );

  it('a client deleted through the admin API on A fails invalid_client on B at the next request', async () => {
    const { clientId, onB } = await newMachineClient();
    expect(await tokenOnB(onB)).toBe('ok');
    expect(await tokenOnB(onB)).toBe('ok'); // served from B's cache
    expect((await f.api(service, `/clients/${clientId}`, { method: 'DELETE' })).status).toBe(200);
    expect(await tokenOnB(onB)).toBe('invalid_client');
  });

  it('a client deleted by the CLI fails invalid_client on B at the next request', async () => {
    const { clientId, onB } = await newMachineClient();
    expect(await tokenOnB(onB)).toBe('ok');
    const env = {
      DATABASE_URL: f.stores.database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: f.stores.prefix,
    };
    const run = await cli(env, ['client', 'delete', '--client-id', clientId]);
    expect(run.code).toBe(0);
    expect(await tokenOnB(onB)).toBe('invalid_client');
  }, 30_000);

  it('redirect URIs changed through the admin API on A are honoured by B at once', async () => {
    const created = await f.api(service, '/clients', {
      method: 'POST',
      body: { name: 'Blackjack', redirectUris: ['https://old.example/cb'] },
    });
    const { clientId } = await created.json();
    const authorize = (redirectUri: string) =>
      fetch(
        `${b.url}/auth?${new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`,
        { redirect: 'manual' },
      ).then((res) => res.status);
    expect(await authorize('https://old.example/cb')).toBe(303);
    expect(await authorize('https://new.example/cb')).toBe(400);
    const patched = await f.api(service, `/clients/${clientId}`, {
      method: 'PATCH',
      body: { redirectUris: ['https://new.example/cb'] },
    });
    expect(patched.status).toBe(200);
    expect(await authorize('https://new.example/cb')).toBe(303);
    expect(await authorize('https://old.example/cb')).toBe(400);
  });
});
