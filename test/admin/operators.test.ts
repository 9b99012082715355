import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteSpec } from '../../server/admin/route-table.ts';
import { openLogin } from '../hardening/login-page.ts';
import { login } from '../helpers/oidc-flow.ts';
import { adminFixture } from './admin-fixture.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

const LIMITS = { LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_DELAY_MS: '5', LOGIN_IP_MAX_ATTEMPTS: '1000' };

describe('admin API: search, account detail, unlock, stats, roles', () => {
  let f: Fixture;
  let service: string;
  let support: Awaited<ReturnType<Fixture['operatorToken']>>;
  const tag = Math.random().toString(36).slice(2, 8);
  beforeAll(async () => {
    f = await adminFixture(LIMITS);
    service = await f.serviceToken();
    support = await f.operatorToken('support-desk', 'support');
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  const post = (token: string, path: string, body?: unknown) => f.api(token, path, { method: 'POST', body });
  const create = (email: string) =>
    f.app.pitboss.accounts.create({ email, password: 'player horse battery staple' });

  it('GET /users?q= searches by email prefix (paged), account id and sub; 400 names the field', async () => {
    const made = [];
    for (const name of ['ann', 'anna', 'annabel', 'bob'])
      made.push(await create(`${name}.${tag}@casino.example`));
    await create(`an_${tag}@casino.example`);
    const byPrefix = await (await f.api(service, `/users?q=${encodeURIComponent(`Ann`)}&limit=200`)).json();
    const ours = byPrefix.items.filter((a: { email: string }) => a.email.includes(tag));
    expect(ours.map((a: { email: string }) => a.email)).toEqual([
      `ann.${tag}@casino.example`,
      `anna.${tag}@casino.example`,
      `annabel.${tag}@casino.example`,
    ]);
    const exact = await (await f.api(service, `/users?q=${encodeURIComponent(`anna.${tag}`)}`)).json();
    expect(exact).toMatchObject({ total: 1, items: [{ id: made[1]!.id, status: 'active' }] });
    const paged = await (
      await f.api(service, `/users?q=${encodeURIComponent(`ann`)}&limit=1&offset=1`)
    ).json();
    expect(paged).toMatchObject({ limit: 1, offset: 1 });
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBeGreaterThanOrEqual(3);
    // LIKE wildcards typed by an operator are literal (`_` would otherwise match ann...).
    const literal = await (await f.api(service, `/users?q=${encodeURIComponent('an_')}&limit=200`)).json();
    expect(literal.items.map((a: { email: string }) => a.email)).toEqual([`an_${tag}@casino.example`]);
    // An account id is also the subject (sub) Pitboss puts in ID tokens.
    const player = await f.newPlayer('subject');
    const { tokens } = await login(f.rp, player);
    const sub = tokens.claims()!.sub;
    const bySub = await (await f.api(support.token, `/users?q=${sub}`)).json();
    expect(bySub).toMatchObject({ total: 1, items: [{ id: player.id, email: player.email }] });
    const none = await (await f.api(service, `/users?q=zz-nobody-${tag}`)).json();
    expect(none).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    for (const [query, field] of [
      ['', 'email'],
      [`?q=a&email=${encodeURIComponent(player.email)}`, 'email'],
      ['?q=', 'q'],
      ['?q=a&limit=500', 'limit'],
    ] as const) {
      const bad = await f.api(service, `/users${query}`);
      expect(bad.status, query).toBe(400);
      expect((await bad.json()).field, query).toBe(field);
    }
  });

  it('GET /users/:id shows status, roles, MFA, lockouts, limits, restriction, live sessions; 404', async () => {
    const player = await f.newPlayer('detail');
    await login(f.rp, player);
    await f.app.pitboss.mfa.enrolDirect(player);
    const res = await f.api(support.token, `/users/${player.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: {
        id: player.id,
        email: player.email,
        roles: [],
        status: 'active',
        emailVerified: true,
        email_verified: true,
        createdAt: expect.any(String),
      },
      mfa: { totp: true, passkeys: [], required: false, recoveryCodesLeft: 0 },
      lockouts: {
        login: { locked: false, failures: 0, retryAfterSeconds: 0 },
        mfa: { locked: false, failures: 0 },
      },
      responsibleGambling: {
        sessionLimitMinutes: null,
        limits: { sessionMinutes: null, realityCheckMinutes: null },
        pending: [],
        restriction: null,
      },
      sessions: { live: 1 },
    });
    expect((await f.api(service, '/users/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await f.api(service, '/users/not-an-id')).status).toBe(404);
    expect((await f.api(service, `/users/${'x'.repeat(300)}`)).status).toBe(400);
  });

  it('POST /users/:id/unlock clears a sign-in lockout: the player signs in again; audited', async () => {
    const player = await f.newPlayer('locked');
    const form = await openLogin(f.rp);
    for (let i = 0; i < 3; i++) {
      expect((await form.post({ email: player.email, password: 'wrong password!' })).status).toBe(401);
    }
    expect((await form.post(player)).status).toBe(429);
    const before = await (await f.api(service, `/users/${player.id}`)).json();
    expect(before.lockouts.login).toMatchObject({ locked: true });
    expect(before.lockouts.login.retryAfterSeconds).toBeGreaterThan(0);
    // Support may not unlock; an unknown account is 404.
    expect((await post(support.token, `/users/${player.id}/unlock`, {})).status).toBe(403);
    expect((await post(service, '/users/00000000-0000-0000-0000-000000000000/unlock')).status).toBe(404);
    expect((await post(service, `/users/${player.id}/unlock`, { reason: 7 })).status).toBe(400);
    const res = await post(service, `/users/${player.id}/unlock`, { reason: 'verified by phone' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      user: { id: player.id },
      lockouts: { login: { locked: false, failures: 0 }, mfa: { locked: false } },
    });
    const { tokens } = await login(f.rp, player);
    expect(await f.active(tokens.access_token)).toBe(true);
    await f.app.pitboss.auditPipeline.writer.drain();
    const audit = await (await f.api(service, `/audit?account=${player.id}&type=admin.action`)).json();
    expect(audit.items[0].detail).toMatchObject({
      action: 'account.unlock',
      reason: 'verified by phone',
      surface: 'admin_api',
      was: { login: true, mfa: false },
    });
  });

  it('GET /stats counts sign-ins, failures, lockouts and the back-channel queue', async () => {
    const before = await (await f.api(service, '/stats')).json();
    const player = await f.newPlayer('stats');
    await login(f.rp, player);
    const form = await openLogin(f.rp);
    await form.post({ email: player.email, password: 'not the password' });
    await f.app.pitboss.auditPipeline.writer.drain();
    const res = await f.api(service, '/stats');
    expect(res.status).toBe(200);
    const after = await res.json();
    expect(after.signInsLastHour).toBe(before.signInsLastHour + 1);
    expect(after.failedSignInsLastHour).toBe(before.failedSignInsLastHour + 1);
    expect(after.series.signIns).toHaveLength(12);
    expect(after.series.signIns.at(-1)).toBeGreaterThanOrEqual(1);
    expect(after.series.signIns.reduce((a: number, b: number) => a + b, 0)).toBe(after.signInsLastHour);
    expect(after.activeSessions).toBeGreaterThanOrEqual(1);
    expect(after.backchannel).toEqual({
      pending: expect.any(Number),
      failing: expect.any(Number),
      failed: expect.any(Number),
      oldestPendingAgeSeconds: null,
      oldestFailedAgeSeconds: null,
    });
    expect((await f.api(service, '/stats?x=1')).status).toBe(200);
  });

  it('support: refused (403) on every route but search, detail, sessions and grants', async () => {
    const ids: Record<string, string> = {
      id: '00000000-0000-0000-0000-000000000000',
      sid: 'no-such-session',
      grantId: 'no-such-grant',
    };
    for (const [name, spec] of Object.entries(ROUTES) as [string, RouteSpec][]) {
      const path = spec.path.replace(/:(\w+)/g, (_m, key: string) => ids[key] ?? 'x');
      const res = await f.api(support.token, path, {
        method: spec.method.toUpperCase(),
        ...(spec.method === 'get' ? {} : { body: {} }),
      });
      if (spec.alsoFor?.includes('support')) expect(res.status, name).not.toBe(403);
      else {
        expect(res.status, name).toBe(403);
        expect((await res.json()).error, name).toBe('ERR_FORBIDDEN');
      }
    }
    const refused = Object.entries(ROUTES).filter(([, s]) => !(s as RouteSpec).alsoFor);
    expect(refused.map(([n]) => n)).toEqual(
      expect.arrayContaining(['disableUser', 'unlockUser', 'stats', 'queryAudit', 'createClient']),
    );
  });

  it('support ends a session (its RP tokens die) and is refused a disable that would have worked', async () => {
    const player = await f.newPlayer('support-target');
    const { tokens } = await login(f.rp, player);
    const sessions = await (await f.api(support.token, `/users/${player.id}/sessions`)).json();
    const disable = await post(support.token, `/users/${player.id}/disable`, { reason: 'fraud' });
    expect(disable.status).toBe(403);
    expect(await f.active(tokens.access_token)).toBe(true);
    const ended = await f.api(support.token, `/sessions/${sessions.items[0].id}`, {
      method: 'DELETE',
      body: { reason: 'player asked to sign out everywhere' },
    });
    expect(await ended.json()).toEqual({ ended: { sessions: 1, grants: 1, logouts: [] } });
    expect(await f.active(tokens.access_token)).toBe(false);
    await expect(client.refreshTokenGrant(f.rp, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await f.app.pitboss.auditPipeline.writer.drain();
    const audit = await (await f.api(service, `/audit?account=${player.id}&type=admin.action`)).json();
    expect(audit.items[0].detail).toMatchObject({
      admin: support.id,
      role: 'support',
      surface: 'admin_api',
      action: 'session.end',
      reason: 'player asked to sign out everywhere',
    });
    const account = await (await f.api(service, `/users/${player.id}`)).json();
    expect(account.user.status).toBe('active');
  });

  it('a player with neither role gets no admin scope; losing the role loses the API at once', async () => {
    const op = await f.operatorToken('ex-support', 'support');
    expect((await f.api(op.token, `/users/${op.id}`)).status).toBe(200);
    await f.app.pitboss.database.pool.query(`update accounts set roles = '{}' where id = $1`, [op.id]);
    expect((await f.api(op.token, `/users/${op.id}`)).status).toBe(403);
  });

  it('GET /audit filters by until, ip and client', async () => {
    const player = await f.newPlayer('filters');
    await login(f.rp, player);
    await f.app.pitboss.auditPipeline.writer.drain();
    const clientId = f.rp.clientMetadata().client_id;
    const all = await (await f.api(service, `/audit?account=${player.id}&client=${clientId}`)).json();
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.every((e: { clientId: string }) => e.clientId === clientId)).toBe(true);
    const ip = all.items.find((e: { ip: string | null }) => e.ip)!.ip;
    const byIp = await (
      await f.api(service, `/audit?account=${player.id}&ip=${encodeURIComponent(ip)}`)
    ).json();
    expect(byIp.items.length).toBeGreaterThan(0);
    expect((await (await f.api(service, `/audit?account=${player.id}&ip=203.0.113.9`)).json()).items).toEqual(
      [],
    );
    const old = await (await f.api(service, `/audit?account=${player.id}&until=2020-01-01T00:00:00Z`)).json();
    expect(old.items).toEqual([]);
    const bad = await f.api(service, '/audit?until=soon');
    expect((await bad.json()).field).toBe('until');
    expect((await (await f.api(service, '/audit?format=xml')).json()).field).toBe('format');
  });
});
