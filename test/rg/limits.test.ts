import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../logout/receiver.ts';
import { ageSession, api, playerInBoth, type RgFixture, startRgFixture } from './fixture.ts';

describe('player API: limits with cooling-off (two instances, one Redis)', () => {
  let f: RgFixture;
  beforeAll(async () => {
    // A short test cooling-off instead of 24 h.
    f = await startRgFixture({ env: { RG_COOLING_OFF: '2' } });
  });
  afterAll(() => f?.close());

  it('applies a stricter limit at once and a looser one only after the cooling-off, audited twice', async () => {
    const p = await playerInBoth(f);
    const token = p.lobby.access_token;
    const set = await api(f.a.url, token, 'PUT', '/rg/limits', {
      session_minutes: 60,
      reality_check_minutes: 30,
    });
    expect(set.status).toBe(200);
    expect(set.body.limits).toEqual({ session_minutes: 60, reality_check_minutes: 30, pending: [] });
    expect(set.body.reality_check.interval_minutes).toBe(30);
    expect(set.body.session).toMatchObject({ time_limit_minutes: 60 });

    // Looser: pending on the other instance too, the value in force unchanged.
    const asked = Math.floor(Date.now() / 1000);
    const looser = await api(f.b.url, token, 'PUT', '/rg/limits', { session_minutes: 120 });
    expect(looser.status).toBe(200);
    expect(looser.body.limits.session_minutes).toBe(60);
    expect(looser.body.limits.pending).toHaveLength(1);
    expect(looser.body.limits.pending[0]).toMatchObject({ name: 'session_minutes', value: 120 });
    expect(looser.body.limits.pending[0].effective_at).toBeGreaterThanOrEqual(asked + 2);
    expect(looser.body.limits.pending[0].effective_at).toBeLessThanOrEqual(asked + 4);

    // Stricter again: at once, and the pending loosening is withdrawn (kept in the history).
    const stricter = await api(f.a.url, token, 'PUT', '/rg/limits', { session_minutes: 45 });
    expect(stricter.body.limits).toMatchObject({ session_minutes: 45, pending: [] });

    // Removing a limit is loosening: it waits, then applies by itself.
    const removed = await api(f.a.url, token, 'PUT', '/rg/limits', { reality_check_minutes: null });
    expect(removed.body.limits.reality_check_minutes).toBe(30);
    expect(removed.body.limits.pending).toEqual([
      expect.objectContaining({ name: 'reality_check_minutes', value: null }),
    ]);
    await waitFor(async () => {
      const s = await api(f.b.url, token, 'GET', '/rg/status');
      return s.body.limits.reality_check_minutes === null && s.body.limits.pending.length === 0;
    }, 15_000);

    const audited = () =>
      f.db.pool.query(
        `select type, detail->>'name' as name, detail->>'to' as "to" from audit_log
         where account_id = $1 and type like 'rg.limit_%' order by id`,
        [p.account.id],
      );
    // The audit trail is written through a queue: wait for the last row rather than race it.
    await waitFor(async () => (await audited()).rows.length >= 6);
    const { rows } = await audited();
    expect(rows).toEqual([
      { type: 'rg.limit_applied', name: 'session_minutes', to: '60' },
      { type: 'rg.limit_applied', name: 'reality_check_minutes', to: '30' },
      { type: 'rg.limit_requested', name: 'session_minutes', to: '120' },
      { type: 'rg.limit_applied', name: 'session_minutes', to: '45' },
      { type: 'rg.limit_requested', name: 'reality_check_minutes', to: null },
      { type: 'rg.limit_applied', name: 'reality_check_minutes', to: null },
    ]);
    // Nothing is deleted: the withdrawn loosening stays in the history, marked cancelled.
    const history = await f.db.pool.query(
      'select name, new_value, applied_at is not null as applied, cancelled_at is not null as cancelled from rg_limit_changes where account_id = $1 order by id',
      [p.account.id],
    );
    expect(history.rows).toContainEqual({
      name: 'session_minutes',
      new_value: 120,
      applied: false,
      cancelled: true,
    });
    expect(history.rows).toHaveLength(5);
  });

  it('a stricter session limit the session is already past ends it at once, and every RP is told (time_limit)', async () => {
    const p = await playerInBoth(f);
    // Signed in 90 s ago; a 1-minute limit is already exceeded.
    await ageSession(f, p.lobby.access_token, 90);
    const set = await api(f.b.url, p.lobby.access_token, 'PUT', '/rg/limits', { session_minutes: 1 });
    expect(set.status).toBe(200);
    await waitFor(
      () =>
        f.lobby.receiver.receipts.some((r) => r.sub === p.account.id) &&
        f.studio.receiver.receipts.some((r) => r.sub === p.account.id),
    );
    const rows = await f.db.pool.query('select reason from backchannel_outbox where account_id = $1', [
      p.account.id,
    ]);
    expect(rows.rows.map((r) => r.reason)).toEqual(['time_limit', 'time_limit']);
    expect((await api(f.a.url, p.studio.access_token, 'GET', '/rg/status')).status).toBe(401);
  });

  it('reads with any token of the player, changes only with scope rg; bad input names the field', async () => {
    const p = await playerInBoth(f);
    const read = await api(f.b.url, p.studio.access_token, 'GET', '/rg/status');
    expect(read.status).toBe(200);
    expect(read.body.session.started_at).toBeGreaterThan(0);
    expect(read.body.restriction).toBeNull();
    const change = await api(f.a.url, p.studio.access_token, 'PUT', '/rg/limits', { session_minutes: 10 });
    expect(change.status).toBe(403);
    expect(change.body.error).toBe('insufficient_scope');
    expect(change.headers.get('www-authenticate')).toContain('insufficient_scope');
    const panic = await api(f.a.url, p.studio.access_token, 'POST', '/rg/panic');
    expect(panic.status).toBe(403);
    const none = await fetch(`${f.a.url}/rg/status`);
    expect(none.status).toBe(401);
    expect((await api(f.a.url, 'not-a-token', 'GET', '/rg/status')).status).toBe(401);
    const bad = await api(f.a.url, p.lobby.access_token, 'PUT', '/rg/limits', { session_minutes: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('session_minutes');
    const period = await api(f.a.url, p.lobby.access_token, 'POST', '/rg/timeout', { period: '3d' });
    expect(period.status).toBe(400);
    expect(period.body.message).toContain('period');
  });

  it('gives the rg claim in userinfo for scope rg, and previous_login_at from the sign-in before', async () => {
    const p = await playerInBoth(f);
    const info = await fetch(`${f.a.url}/me`, {
      headers: { authorization: `Bearer ${p.lobby.access_token}` },
    });
    const claims = (await info.json()) as { rg?: Record<string, unknown> };
    expect(claims.rg).toMatchObject({
      time_limit_minutes: null,
      reality_check_minutes: null,
      previous_login_at: null,
    });
    expect(claims.rg!.session_started_at).toEqual(expect.any(Number));
    const studio = await fetch(`${f.a.url}/me`, {
      headers: { authorization: `Bearer ${p.studio.access_token}` },
    });
    expect(((await studio.json()) as { rg?: unknown }).rg).toBeUndefined();
    // A second sign-in (new browser) reports the first one.
    const { login } = await import('../helpers/oidc-flow.ts');
    const again = await login(f.lobby.config, p.player, { scope: 'openid rg' });
    const status = await api(f.a.url, again.tokens.access_token, 'GET', '/rg/status');
    expect(status.body.previous_login_at).toEqual(expect.any(Number));
    expect(Math.abs(status.body.previous_login_at - Date.now() / 1000)).toBeLessThan(120);
  });
});
