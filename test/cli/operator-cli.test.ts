import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFixture } from '../admin/admin-fixture.ts';
import { openLogin } from '../hardening/login-page.ts';
import { login } from '../helpers/oidc-flow.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const LIMITS = { LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_DELAY_MS: '5', LOGIN_IP_MAX_ATTEMPTS: '1000' };

// Each CLI run is a fresh Node process (tsx transform included): several per test need more than 30 s on a
// loaded 2-core machine.
describe('pitboss user role / unlock / enable / mfa-reset against a running server', {
  timeout: 90_000,
}, () => {
  let f: Awaited<ReturnType<typeof adminFixture>>;
  beforeAll(async () => {
    f = await adminFixture(LIMITS);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  const cli = (args: string[], withRedis = true) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const db = f.stores.database as unknown as { url: string };
      execFile(
        process.execPath,
        ['--import', 'tsx', 'server/cli/pitboss.ts', ...args],
        {
          cwd: root,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            // The CLI reads the same limits as the server it shares Redis with.
            ...LIMITS,
            DATABASE_URL: db.url,
            REDIS_URL: withRedis ? (process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379') : '',
            REDIS_PREFIX: f.stores.prefix,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  const audit = async (accountId: string) => {
    await f.app.pitboss.auditPipeline.writer.drain();
    const token = await f.serviceToken();
    return (await (await f.api(token, `/audit?account=${accountId}&type=admin.action`)).json()).items;
  };

  it('user unlock clears a sign-in lockout the server holds in Redis; the player signs in', async () => {
    const player = await f.newPlayer('cli-locked');
    const form = await openLogin(f.rp);
    for (let i = 0; i < 3; i++) await form.post({ email: player.email, password: 'wrong password!' });
    expect((await form.post(player)).status).toBe(429);
    const run = await cli(['user', 'unlock', '--email', player.email, '--reason', 'ticket 77']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: player.id, lockouts: { login: { locked: false } } });
    const { tokens } = await login(f.rp, player);
    expect(await f.active(tokens.access_token)).toBe(true);
    expect((await audit(player.id))[0].detail).toMatchObject({
      action: 'account.unlock',
      surface: 'cli',
      reason: 'ticket 77',
      was: { login: true },
    });
  }, 120_000);

  it('user role: admin|support|none; the old session version dies; bad role refused', async () => {
    const op = await f.operatorToken('cli-role', 'support');
    const promoted = await cli(['user', 'role', '--email', op.email, '--role', 'admin', '--reason', 'lead']);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(JSON.parse(promoted.stdout).roles).toEqual(['admin']);
    await expect
      .poll(async () => (await f.api(op.token, `/users/${op.id}`)).status, { timeout: 10_000 })
      .toBe(401);
    const none = await cli(['user', 'role', '--email', op.email, '--role', 'none']);
    expect(JSON.parse(none.stdout).roles).toEqual([]);
    const bad = await cli(['user', 'role', '--email', op.email, '--role', 'root']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--role: must be admin, support or none/);
    expect((await audit(op.id)).map((e: { detail: { action: string } }) => e.detail.action)).toContain(
      'account.role',
    );
  }, 120_000);

  it('user enable refuses an active account; enables a disabled one; mfa-reset needs --reason', async () => {
    const player = await f.newPlayer('cli-enable');
    const active = await cli(['user', 'enable', '--email', player.email, '--reason', 'x']);
    expect(active.code).toBe(1);
    expect(active.stderr).toMatch(/only a disabled account can be enabled/);
    expect((await cli(['user', 'disable', '--email', player.email, '--reason', 'fraud'])).code).toBe(0);
    const enabled = await cli(['user', 'enable', '--email', player.email, '--reason', 'cleared']);
    expect(JSON.parse(enabled.stdout).status).toBe('active');
    const { tokens } = await login(f.rp, player);
    expect(await f.active(tokens.access_token)).toBe(true);
    const noReason = await cli(['user', 'mfa-reset', '--email', player.email]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/--reason: required/);
    const actions = (await audit(player.id)).map((e: { detail: { action: string; surface: string } }) => [
      e.detail.action,
      e.detail.surface,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['account.enable', 'cli'],
        ['account.disable', 'cli'],
      ]),
    );
  }, 120_000);
});
