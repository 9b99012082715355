import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { waitFor } from '../logout/receiver.ts';
import { api, playerInBoth, type RgFixture, startRgFixture } from './fixture.ts';
import { tryLogin } from './login-page.ts';

describe('pitboss user timeout / exclude --period / limit against two running instances', {
  timeout: 180_000,
}, () => {
  let f: RgFixture;
  beforeAll(async () => {
    f = await startRgFixture({ env: { RG_COOLING_OFF: '3600' } });
  });
  afterAll(() => f?.close());

  const cli = (args: string[]) =>
    runCli(args, {
      DATABASE_URL: f.db.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: f.prefix!,
      RG_COOLING_OFF: '3600',
    });

  it('user timeout ends the sessions of the running instances, tells every RP, and refuses sign-in until its end', async () => {
    const p = await playerInBoth(f);
    const bad = await cli(['user', 'timeout', '--email', p.player.email, '--period', '3d']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period');
    const run = await cli([
      'user',
      'timeout',
      '--email',
      p.player.email,
      '--period',
      '42d',
      '--reason',
      'asked by phone',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ restriction: { kind: 'timeout', period: '42d' }, ended: { sessions: 1 } });
    await waitFor(() => f.studio.receiver.receipts.some((r) => r.sub === p.account.id), 20_000);
    const refused = await tryLogin(f.lobby.config, p.player.email, p.player.password);
    expect(refused.status).toBe(403);
    expect(refused.page).toContain(out.restriction.until.slice(0, 10));
    const row = await f.db.pool.query(
      'select surface, actor, reason from rg_restrictions where account_id = $1',
      [p.account.id],
    );
    expect(row.rows).toEqual([{ surface: 'cli', actor: 'cli', reason: 'asked by phone' }]);
  });

  it('user exclude --period permanent; --until needs at least 6 months; enable does not exist for restrictions', async () => {
    const p = await playerInBoth(f);
    const short = await cli([
      'user',
      'exclude',
      '--email',
      p.player.email,
      '--until',
      new Date(Date.now() + 30 * 86400e3).toISOString(),
    ]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 6 months');
    const run = await cli(['user', 'exclude', '--email', p.player.email, '--period', 'permanent']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ restriction: { kind: 'self_exclusion', until: null } });
    const refused = await tryLogin(f.lobby.config, p.player.email, p.player.password);
    expect(refused.page).toContain('permanently');
  });

  it('user limit: stricter at once, looser pending, visible to the player API on both instances', async () => {
    const p = await playerInBoth(f);
    const set = await cli([
      'user',
      'limit',
      '--email',
      p.player.email,
      '--session-minutes',
      '90',
      '--reality-check-minutes',
      '20',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      session_minutes: 90,
      reality_check_minutes: 20,
      pending: [],
    });
    const looser = await cli(['user', 'limit', '--email', p.player.email, '--reality-check-minutes', '0']);
    expect(JSON.parse(looser.stdout)).toMatchObject({
      reality_check_minutes: 20,
      pending: [{ name: 'reality_check_minutes', value: null }],
    });
    const status = await api(f.b.url, p.lobby.access_token, 'GET', '/rg/status');
    expect(status.body.limits).toMatchObject({ session_minutes: 90, reality_check_minutes: 20 });
    expect(status.body.limits.pending).toHaveLength(1);
    const none = await cli(['user', 'limit', '--email', p.player.email]);
    expect(none.code).toBe(2);
  });
});
