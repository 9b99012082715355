import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { hiddenInput, type UserAgent } from '../helpers/user-agent.ts';

/**
 * Finding 7: the current-password check on /account was unthrottled (30 wrong guesses, no lockout), so a
 * stolen session cookie was a way around the login page's limits. It is now counted by the sign-in limiter,
 * per account and per IP, before the password is checked.
 */
describe('/account password checks are counted by the sign-in limiter', () => {
  let app: TestPitboss;
  let rp: TestRp;
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    app = await startTestPitboss({ env: { LOGIN_DELAY_MS: '0' } });
    rp = await registerRp(app, { name: 'Lucky Slots' });
  }, 60_000);
  afterAll(() => app?.close());

  const post = async (agent: UserAgent, path: string, form: Record<string, string>) => {
    const csrf = hiddenInput(await (await agent.request(`${app.url}/account`)).text(), 'csrf');
    const res = await agent.request(`${app.url}${path}`, { form: { csrf, ...form } });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), page: await res.text() };
  };

  it('30 wrong current passwords lock the account; the right one is then refused too, on every password form', async () => {
    const player = { email: `guess-${stamp}@example.com`, password: 'player horse battery staple' };
    await app.pitboss.accounts.create(player);
    const { agent } = await login(rp.config, player);

    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await post(agent, '/account/password', {
        current: `wrong guess number ${i}`,
        password: 'a brand new long password',
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);

    const right = await post(agent, '/account/password', {
      current: player.password,
      password: 'a brand new long password',
    });
    expect(right.status).toBe(429);
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    expect(right.page).toMatch(/Too many attempts, try again in \d+ minutes/);
    expect(
      await app.pitboss.accounts.authenticate(player.email, 'a brand new long password'),
    ).toBeUndefined();
    expect(await app.pitboss.accounts.authenticate(player.email, player.password)).toBeDefined();

    // The re-authentication before a factor change checks the password through the same counters.
    const reauth = await post(agent, '/account/mfa/enrol', { reauth: player.password });
    expect(reauth.status).toBe(429);
    expect(reauth.page).not.toContain('otpauth://');

    // ... and so does the login page: the lockout is the account's, wherever the guesses came from.
    await expect(login(rp.config, player)).rejects.toThrow();
    const lockouts = await app.db.pool.query(
      `select detail from audit_log where type = 'login.lockout' and account_id::text = $1`,
      [(await app.pitboss.accounts.findByEmail(player.email))!.id],
    );
    expect(lockouts.rows.map((r) => r.detail)).toEqual([
      expect.objectContaining({ scope: 'account', surface: 'account' }),
    ]);
  });
});
