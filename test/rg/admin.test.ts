import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../helpers/oidc-flow.ts';
import { waitFor } from '../logout/receiver.ts';
import { playerInBoth, type RgFixture, startRgFixture } from './fixture.ts';
import { tryLogin } from './login-page.ts';

describe('admin API: POST /admin/api/users/:id/timeout and /self-exclusion (two instances, one Redis)', () => {
  let f: RgFixture;
  let token: string;
  let opsId: string;
  beforeAll(async () => {
    f = await startRgFixture();
    const ops = await f.a.pitboss.clients.create({
      name: 'Compliance tooling',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scope: 'admin',
    });
    opsId = ops.clientId;
    const rp = await discover(f.a.url, ops.clientId, ops.clientSecret);
    token = (await client.clientCredentialsGrant(rp, { scope: 'admin' })).access_token;
  });
  afterAll(() => f?.close());

  const call = async (base: string, path: string, body?: unknown, bearer: string | undefined = token) => {
    const res = await fetch(`${base}/admin/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('requires a reason and a listed period (400 naming the field) and an admin token (401)', async () => {
    const p = await playerInBoth(f);
    const noReason = await call(f.b.url, `/users/${p.account.id}/timeout`, { period: '24h' });
    expect(noReason).toMatchObject({ status: 400, body: { field: 'reason' } });
    const badPeriod = await call(f.b.url, `/users/${p.account.id}/self-exclusion`, {
      period: '1m',
      reason: 'x',
    });
    expect(badPeriod).toMatchObject({ status: 400, body: { field: 'period' } });
    const anonymous = await call(
      f.b.url,
      `/users/${p.account.id}/timeout`,
      { period: '24h', reason: 'x' },
      '',
    );
    expect(anonymous.status).toBe(401);
    const unknown = await call(f.b.url, '/users/00000000-0000-4000-8000-000000000000/timeout', {
      period: '24h',
      reason: 'x',
    });
    expect(unknown.status).toBe(404);
  });

  it('a time-out from instance b ends the session held on a, tells every RP, and is audited with who and why', async () => {
    const p = await playerInBoth(f);
    const res = await call(f.b.url, `/users/${p.account.id}/timeout`, {
      period: '30d',
      reason: 'player asked support',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      restriction: { kind: 'timeout', period: '30d' },
      ended: { sessions: 1 },
    });
    await waitFor(
      () =>
        f.lobby.receiver.receipts.some((r) => r.sub === p.account.id) &&
        f.studio.receiver.receipts.some((r) => r.sub === p.account.id),
    );
    await expect(client.refreshTokenGrant(f.lobby.config, p.lobby.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const refused = await tryLogin(f.lobby.config, p.player.email, p.player.password);
    expect(refused.page).toContain('time-out');
    await waitFor(async () => {
      const { rows } = await f.db.pool.query(
        "select detail from audit_log where type = 'account.timeout' and account_id = $1",
        [p.account.id],
      );
      return (
        rows.length === 1 &&
        rows[0].detail.reason === 'player asked support' &&
        rows[0].detail.actor === opsId
      );
    });
  });

  it('cannot shorten a self-exclusion: a later 24 h time-out leaves it in force; the account view shows both', async () => {
    const p = await playerInBoth(f);
    expect(
      (
        await call(f.a.url, `/users/${p.account.id}/self-exclusion`, {
          period: '5y',
          reason: 'gambling harm',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(f.b.url, `/users/${p.account.id}/timeout`, { period: '24h', reason: 'mistake' })).status,
    ).toBe(200);
    const view = await call(f.a.url, `/users/${p.account.id}/rg`);
    expect(view.status).toBe(200);
    expect(view.body.restriction.kind).toBe('self_exclusion');
    expect(view.body.history.restrictions.map((r: { kind: string }) => r.kind)).toEqual([
      'timeout',
      'self_exclusion',
    ]);
    const refused = await tryLogin(f.lobby.config, p.player.email, p.player.password);
    expect(refused.page).toContain('self-excluded');
  });
});
