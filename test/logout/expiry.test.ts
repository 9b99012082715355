import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { type LogoutFixture, startLogoutFixture } from './fixture.ts';
import { waitFor } from './receiver.ts';

describe('session expiry sweeper', () => {
  let f: LogoutFixture;
  let app: LogoutFixture['app'];
  let receiver: LogoutFixture['receiver'];
  const player = { email: 'idle@example.com', password: 'idle password 1' };

  beforeAll(async () => {
    f = await startLogoutFixture({ env: { SESSION_IDLE_TTL: '2', SESSION_ABSOLUTE_TTL: '600' } });
    ({ app, receiver } = f);
    await app.pitboss.accounts.create(player);
  });
  afterAll(() => f?.close());

  it('ends an idle session and sends its RP a logout token for that session', async () => {
    const rp = await discover(app.url, f.clientId, f.clientSecret);
    const { tokens, agent } = await login(rp, player);
    const sid = tokens.claims()!.sid;
    expect(sid).toBeDefined();
    // Idle TTL 2 s, sweeper every second: allow generous time on a busy machine.
    await waitFor(() => receiver.receipts.length === 1, 15_000);
    expect(receiver.receipts[0]).toMatchObject({ sid, sub: tokens.claims()!.sub });
    const [row] = await app.pitboss.logout.outbox.list({});
    expect(row).toMatchObject({ reason: 'idle', sid, clientId: f.clientId });
    // Swept once: the entry is gone, so no second event (the outbox would dedupe it anyway).
    expect(await app.pitboss.logout.sweeper!.sweep()).toBe(0);
    // The session itself ended: the same browser is asked to sign in again.
    const again = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const next = await agent.follow(again.href, REDIRECT_URI);
    expect(await next.res.text()).toContain('>Sign in</button>');
  });
});
