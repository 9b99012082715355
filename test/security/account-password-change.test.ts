import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { hiddenInput } from '../helpers/user-agent.ts';

/**
 * Finding 1: a password change on /account left the account's `ver:` (session version) cache alone for
 * ten minutes, so another session kept userinfo, /account and refresh working. Session A changes the password
 * on one instance; session B, whose version is cached, is refused at once on the other instance.
 */
describe('/account password change ends every other session at once, on every instance', () => {
  let app: TestPitboss;
  let rp: TestRp;
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    app = await startTestPitboss({ instances: 2 });
    rp = await registerRp(app, { name: 'Lucky Slots', scope: 'openid email offline_access' });
  }, 60_000);
  afterAll(() => app?.close());

  it("session B's userinfo, /account and refresh are refused right after session A changes the password", async () => {
    const player = { email: `pw-change-${stamp}@example.com`, password: 'player horse battery staple' };
    await app.pitboss.accounts.create(player);
    const other = app.others[0]!;
    const a = await login(rp.config, player);
    const b = await login(rp.config, player);
    const bConfig = rp.configFor(other.url);
    // B is in use on the other instance: its session version is read (and cached) there.
    const sub = b.tokens.claims()!.sub;
    expect((await client.fetchUserInfo(bConfig, b.tokens.access_token, sub)).sub).toBe(sub);
    expect((await b.agent.request(`${other.url}/account`)).status).toBe(200);

    const page = await (await a.agent.request(`${app.url}/account`)).text();
    const changed = await a.agent.request(`${app.url}/account/password`, {
      form: {
        csrf: hiddenInput(page, 'csrf'),
        current: player.password,
        password: 'a brand new long password',
      },
    });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('Your password has been changed.');

    // No waiting: the next request of B fails on the other instance.
    await expect(client.fetchUserInfo(bConfig, b.tokens.access_token, sub)).rejects.toThrow();
    const account = await b.agent.request(`${other.url}/account`);
    expect(account.status).toBe(303); // signed out: /account starts a new sign-in
    await expect(client.refreshTokenGrant(bConfig, b.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // A stays signed in on /account.
    expect((await a.agent.request(`${other.url}/account`)).status).toBe(200);
  });
});
