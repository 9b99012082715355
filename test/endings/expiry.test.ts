import * as client from 'openid-client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Endings, type StoreKind, startEndings } from './harness.ts';

/**
 * Idle and absolute endings (short session lifetimes) with the same five checks as endings.test.ts; a file of
 * its own so the two run in parallel.
 */
describe.each<StoreKind>(['redis', 'embedded'])('expiry endings reach everything (%s)', (kind) => {
  let e: Endings;
  beforeAll(async () => {
    e = await startEndings(kind, { SESSION_IDLE_TTL: '4', SESSION_ABSOLUTE_TTL: '9' });
  });
  afterAll(() => e?.close());

  it('idle: an untouched session ends, and its refresh token with it', async () => {
    const who = await e.player();
    const before = await e.endedMetric('idle');
    const s = await e.signIn(who);
    await e.expectEnded(s, who, 'idle', before);
  });

  it('absolute: a session kept busy ends at its absolute lifetime', async () => {
    const who = await e.player();
    const before = await e.endedMetric('absolute');
    const s = await e.signIn(who);
    // Keep the browser session active (each authorization request saves it) until the RP is told.
    const told = () => e.studio.receiver!.receipts.some((r) => r.sid === s.sid);
    while (!told()) {
      const url = client.buildAuthorizationUrl(e.studio.config, {
        redirect_uri: 'http://127.0.0.1:8765/callback',
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      await s.agent.follow(url.href, 'http://127.0.0.1:8765/callback');
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    await e.expectEnded(s, who, 'absolute', before);
  });
});
