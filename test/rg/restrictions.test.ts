import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../logout/receiver.ts';
import { api, playerInBoth, type RgFixture, startRgFixture } from './fixture.ts';
import { tryLogin } from './login-page.ts';

describe('restrictions end everything, everywhere, and hold (two instances, one Redis)', () => {
  let f: RgFixture;
  beforeAll(async () => {
    f = await startRgFixture();
  });
  afterAll(() => f?.close());

  const cases = [
    { path: '/rg/timeout', body: { period: '7d' }, kind: 'timeout', days: 7, says: 'time-out' },
    {
      path: '/rg/self-exclusion',
      body: { period: '6m' },
      kind: 'self_exclusion',
      days: 181,
      says: 'self-excluded',
    },
    { path: '/rg/panic', body: undefined, kind: 'panic', days: 1, says: 'panic button' },
  ] as const;

  for (const c of cases) {
    it(`${c.path} on instance b ends the session of instance a, tells every RP, and refuses sign-in with until when`, async () => {
      const p = await playerInBoth(f);
      const sids = { lobby: p.lobby.claims()!.sid, studio: p.studio.claims()!.sid };
      const res = await api(f.b.url, p.lobby.access_token, 'POST', c.path, c.body);
      expect(res.status).toBe(200);
      expect(res.body.restriction.kind).toBe(c.kind);
      const until = res.body.restriction.until as number;
      expect(Math.abs(until - Date.now() / 1000 - c.days * 86400)).toBeLessThan(3 * 86400);
      expect(res.body.ended.sessions).toBe(1);

      // Every RP of the session gets a verified logout token for its sid.
      await waitFor(
        () =>
          f.lobby.receiver.receipts.some((r) => r.sid === sids.lobby) &&
          f.studio.receiver.receipts.some((r) => r.sid === sids.studio),
      );
      const rows = await f.db.pool.query('select reason from backchannel_outbox where account_id = $1', [
        p.account.id,
      ]);
      expect(rows.rows.map((r) => r.reason)).toEqual([c.kind, c.kind]);

      // Tokens are dead on the other instance: refresh refused, access token inactive, player API 401.
      const me = await api(f.a.url, p.lobby.access_token, 'GET', '/rg/status');
      expect(me.status).toBe(401);
      const studioToken = await fetch(`${f.a.url}/me`, {
        headers: { authorization: `Bearer ${p.studio.access_token}` },
      });
      expect(studioToken.status).toBe(401);

      // The right password is refused with the kind and the end; a wrong one gets the generic message.
      const refused = await tryLogin(f.lobby.config, p.player.email, p.player.password);
      expect(refused.code).toBeNull();
      expect(refused.status).toBe(403);
      expect(refused.page).toContain(c.says);
      expect(refused.page).toContain('>Sign in</button>');
      const day = new Date(until * 1000).toISOString().slice(0, 10);
      expect(refused.page).toContain(day);
      const wrong = await tryLogin(f.lobby.config, p.player.email, 'not the password at all');
      expect(wrong.status).toBe(401);
      expect(wrong.page).not.toContain(c.says);

      const audit = await f.db.pool.query(
        `select detail->>'reason' as reason from audit_log where account_id = $1 and type = 'session.ended'`,
        [p.account.id],
      );
      expect(audit.rows.map((r) => r.reason)).toEqual([c.kind]);
    });
  }

  it('counts restrictions by kind and surface in /metrics of the instance that set them', async () => {
    const text = await (await fetch(`${f.b.url}/metrics`)).text();
    for (const kind of ['timeout', 'self_exclusion', 'panic']) {
      expect(text).toContain(`pitboss_rg_restrictions_total{kind="${kind}",surface="player_api"} 1`);
    }
  });

  it('refuses the token endpoint for the grants of a restricted account (refresh on the other instance)', async () => {
    const p = await playerInBoth(f);
    const res = await api(f.a.url, p.lobby.access_token, 'POST', '/rg/timeout', { period: '24h' });
    expect(res.status).toBe(200);
    const { refreshTokenGrant } = await import('openid-client');
    await expect(refreshTokenGrant(f.studio.config, p.studio.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('cannot be shortened: a later, shorter restriction leaves the longer one in force, and the table refuses edits', async () => {
    const p = await playerInBoth(f);
    const first = await api(f.a.url, p.lobby.access_token, 'POST', '/rg/self-exclusion', { period: '1y' });
    expect(first.status).toBe(200);
    // An admin time-out of 24 h on top does not end the year early.
    await f.a.pitboss.rg.rg.restrict(p.account.id, 'timeout', '24h', {
      actor: 'admin',
      surface: 'admin_api',
      reason: 'test',
    });
    const refused = await tryLogin(f.lobby.config, p.player.email, p.player.password);
    expect(refused.page).toContain('self-excluded');
    await expect(
      f.db.pool.query('update rg_restrictions set ends_at = now() where account_id = $1', [p.account.id]),
    ).rejects.toThrow(/cannot be lifted early/);
    await expect(
      f.db.pool.query('delete from rg_restrictions where account_id = $1', [p.account.id]),
    ).rejects.toThrow(/append-only/);
  });
});
