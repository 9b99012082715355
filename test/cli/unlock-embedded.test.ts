import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountStore } from '../../adapters/postgres/account-store.ts';
import { openLogin } from '../hardening/login-page.ts';
import { registerRp, startPitboss, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { testDatabase } from '../helpers/database.ts';
import { login } from '../helpers/oidc-flow.ts';

const LIMITS = { LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_DELAY_MS: '5', LOGIN_IP_MAX_ATTEMPTS: '1000' };

/**
 * `pitboss user unlock` on the embedded defaults (memory store: the lockout counters live in the running
 * server's memory): the CLI hands the unlock to the server through the shared database, the server clears
 * the lockout, and the player signs in.
 */
// Each CLI run is a fresh Node process (tsx transform included): several per test need more than 30 s on a
// loaded 2-core machine.
describe('pitboss user unlock without Redis', { timeout: 90_000 }, () => {
  let app: TestPitboss;
  let rp: TestRp;
  const env = () => ({ ...LIMITS, DATABASE_URL: app.db.url, REDIS_URL: '' });
  beforeAll(async () => {
    app = await startTestPitboss({ redis: false, env: LIMITS });
    rp = await registerRp(app, { scope: 'openid email offline_access' });
  }, 60_000);
  afterAll(async () => {
    await rp?.close();
    await app?.close();
  });

  it('the running server clears the lockout it holds in memory; the player signs in; audited', async () => {
    const player = { email: 'embedded-locked@example.com', password: 'player horse battery staple' };
    const account = await app.pitboss.accounts.create(player);
    const form = await openLogin(rp.config);
    for (let i = 0; i < 3; i++) await form.post({ ...player, password: 'wrong password!' });
    expect((await form.post(player)).status).toBe(429);

    const run = await runCli(['user', 'unlock', '--email', player.email, '--reason', 'ticket 81'], env());
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      id: account.id,
      was: { login: true, mfa: false },
      lockouts: { login: { locked: false } },
    });
    const { tokens } = await login(rp.config, player);
    expect(tokens.access_token).toBeTruthy();
    await app.pitboss.auditPipeline.writer.drain();
    const { rows } = await app.db.pool.query(
      `select detail from audit_log where account_id = $1 and type = 'admin.action'`,
      [account.id],
    );
    expect(rows.map((r) => r.detail)).toContainEqual(
      expect.objectContaining({
        action: 'account.unlock',
        surface: 'cli',
        reason: 'ticket 81',
        was: { login: true, mfa: false },
      }),
    );
  }, 60_000);

  it('an unknown email is refused and queues nothing', async () => {
    const run = await runCli(['user', 'unlock', '--email', 'nobody-here@example.com'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--email: no such account/);
    const { rows } = await app.db.pool.query(
      `select count(*)::int as n from session_end_requests where action = 'unlock' and done_at is null`,
    );
    expect(rows[0].n).toBe(0);
  }, 60_000);

  it('with no server running it answers queued; the next server to start applies it', async () => {
    const db = await testDatabase();
    try {
      const accounts = createAccountStore(db.pool);
      const account = await accounts.create({
        email: 'no-server@example.com',
        password: 'player horse battery staple',
      });
      const run = await runCli(['user', 'unlock', '--email', 'no-server@example.com'], {
        DATABASE_URL: db.url,
        REDIS_URL: '',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ id: account.id, queued: true });
      const pending = `select count(*)::int as n from session_end_requests where action = 'unlock' and done_at is null`;
      expect((await db.pool.query(pending)).rows[0].n).toBe(1);
      const server = await startPitboss({ database: db });
      try {
        await expect.poll(async () => (await db.pool.query(pending)).rows[0].n, { timeout: 10_000 }).toBe(0);
      } finally {
        await server.close();
      }
    } finally {
      await db.close();
    }
  }, 60_000);
});
