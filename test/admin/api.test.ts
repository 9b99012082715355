import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientCreateBody } from '../../server/admin/schemas.ts';
import { login } from '../helpers/oidc-flow.ts';
import { adminFixture } from './admin-fixture.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

describe('admin API', () => {
  let f: Fixture;
  let service: string;
  let adminUser: string;
  beforeAll(async () => {
    f = await adminFixture();
    service = await f.serviceToken();
    adminUser = await f.adminUserToken();
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  describe('authorisation', () => {
    it('401 with a Bearer challenge without a token or with an unknown one', async () => {
      const none = await f.api(undefined, '/users?email=a@b.c');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="pitboss-admin"/);
      expect((await none.json()).error).toBe('invalid_token');
      const bogus = await f.api('not-a-real-token', '/users?email=a@b.c');
      expect(bogus.status).toBe(401);
      expect(bogus.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('403 for tokens without scope admin, and for a player who asked for it', async () => {
      const reports = (await client.clientCredentialsGrant(f.noAdminRp)).access_token;
      const res = await f.api(reports, '/users?email=a@b.c');
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      const player = await f.newPlayer('sneaky');
      const { tokens } = await login(f.rp, player, { scope: 'openid admin' });
      expect(tokens.scope ?? '').not.toContain('admin'); // consent rejects role-bound scopes
      expect((await f.api(tokens.access_token, '/users?email=a@b.c')).status).toBe(403);
    });

    it('accepts an admin user token and a service token; a revoked admin token fails at once', async () => {
      const own = `/users?email=${encodeURIComponent(f.admin.email)}`;
      expect((await f.api(service, own)).status).toBe(200);
      const token = await f.adminUserToken();
      expect((await f.api(token, own)).status).toBe(200);
      const grants = await (await f.api(service, `/users/${f.admin.id}/grants?limit=200`)).json();
      for (const g of grants.items) await f.api(service, `/grants/${g.id}`, { method: 'DELETE' });
      expect((await f.api(token, own)).status).toBe(401);
      adminUser = await f.adminUserToken();
    });
  });

  it('GET /users finds by email; 400 names the field; 404 when unknown', async () => {
    const player = await f.newPlayer('find');
    const found = await f.api(adminUser, `/users?email=${encodeURIComponent(player.email.toUpperCase())}`);
    expect(found.status).toBe(200);
    expect((await found.json()).user).toMatchObject({ id: player.id, email: player.email, status: 'active' });
    const bad = await f.api(adminUser, '/users');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request', field: 'email' });
    expect((await f.api(adminUser, '/users?email=nobody@example.com')).status).toBe(404);
    const extra = await f.api(adminUser, '/users?email=a@b.c&admin=1');
    expect((await extra.json()).field).toBe('admin');
  });

  it('GET /users/:id/sessions lists sessions with clients and amr, paginated', async () => {
    const player = await f.newPlayer('sessions');
    await login(f.rp, player);
    await login(f.rp, player);
    const res = await f.api(service, `/users/${player.id}/sessions?limit=1`);
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      accountId: player.id,
      amr: ['pwd'],
      clients: [f.rp.clientMetadata().client_id],
    });
    for (const key of ['createdAt', 'lastActiveAt', 'expiresAt'])
      expect(Date.parse(page.items[0][key])).toBeGreaterThan(0);
    const second = await (await f.api(service, `/users/${player.id}/sessions?limit=1&offset=1`)).json();
    expect(second.items[0].id).not.toBe(page.items[0].id);
    const bad = await f.api(service, `/users/${player.id}/sessions?limit=0`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('limit');
    expect((await f.api(service, '/users/00000000-0000-0000-0000-000000000000/sessions')).status).toBe(404);
  });

  it('DELETE /grants/:grantId revokes one grant; its tokens fail introspection and refresh at once', async () => {
    const player = await f.newPlayer('grant');
    const { tokens } = await login(f.rp, player);
    expect(await f.active(tokens.access_token)).toBe(true);
    const grants = await (await f.api(service, `/users/${player.id}/grants`)).json();
    expect(grants.items).toHaveLength(1);
    const res = await f.api(service, `/grants/${grants.items[0].id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ended: { sessions: 0, grants: 1, logouts: [] } });
    expect(await f.active(tokens.access_token)).toBe(false);
    await expect(client.refreshTokenGrant(f.rp, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await f.api(service, `/grants/${grants.items[0].id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('DELETE /sessions/:sid ends one session and its grant; 404 when unknown', async () => {
    const player = await f.newPlayer('one');
    const first = await login(f.rp, player);
    const second = await login(f.rp, player);
    const sessions = await (await f.api(adminUser, `/users/${player.id}/sessions`)).json();
    const res = await f.api(adminUser, `/sessions/${sessions.items[0].id}`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ ended: { sessions: 1, grants: 1, logouts: [] } });
    const left = await (await f.api(adminUser, `/users/${player.id}/sessions`)).json();
    expect(left.total).toBe(1);
    const alive = [await f.active(first.tokens.access_token), await f.active(second.tokens.access_token)];
    expect(alive.sort()).toEqual([false, true]);
    expect((await f.api(adminUser, '/sessions/nope', { method: 'DELETE' })).status).toBe(404);
  });

  it('DELETE /users/:id/sessions ends everything and says what it ended', async () => {
    const player = await f.newPlayer('all');
    const a = await login(f.rp, player);
    const b = await login(f.rp, player);
    const res = await f.api(service, `/users/${player.id}/sessions`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ ended: { sessions: 2, grants: 2, logouts: [] } });
    for (const t of [a.tokens, b.tokens]) {
      expect(await f.active(t.access_token)).toBe(false);
      expect(await f.active(t.refresh_token!)).toBe(false);
    }
    expect((await (await f.api(service, `/users/${player.id}/sessions`)).json()).total).toBe(0);
    expect((await f.api(service, '/users/x/sessions', { method: 'DELETE' })).status).toBe(404);
  });

  it('POST /users/:id/disable disables or self-excludes and ends everything', async () => {
    const player = await f.newPlayer('disable');
    const { tokens } = await login(f.rp, player);
    const bad = await f.api(service, `/users/${player.id}/disable`, {
      method: 'POST',
      body: { status: 'gone' },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('status');
    expect(
      (await f.api(service, `/users/${player.id}/disable`, { method: 'POST', body: '{oops' })).status,
    ).toBe(400);
    // DESIGN: disable must say why.
    for (const body of [undefined, {}, { reason: '   ' }]) {
      const unexplained = await f.api(service, `/users/${player.id}/disable`, { method: 'POST', body });
      expect(unexplained.status).toBe(400);
      expect(await unexplained.json()).toMatchObject({ error: 'invalid_request', field: 'reason' });
    }
    expect(await f.active(tokens.access_token)).toBe(true);
    const res = await f.api(service, `/users/${player.id}/disable`, {
      method: 'POST',
      body: { reason: 'chargeback fraud' },
    });
    expect(await res.json()).toMatchObject({
      user: { status: 'disabled' },
      ended: { sessions: 1, grants: 1 },
    });
    expect(await f.active(tokens.access_token)).toBe(false);
    await expect(login(f.rp, player)).rejects.toThrow();
    const other = await f.newPlayer('exclude');
    const excluded = await f.api(adminUser, `/users/${other.id}/disable`, {
      method: 'POST',
      body: { status: 'self_excluded', reason: 'asked by phone, ticket 4411' },
    });
    // A self-exclusion is a restriction (rg_restrictions), not an account status: the account stays active.
    expect((await excluded.json()).user.status).toBe('active');
    const rg = await (await f.api(adminUser, `/users/${other.id}/rg`)).json();
    expect(rg.restriction).toMatchObject({ kind: 'self_exclusion', until: null });
    const nobody = { method: 'POST', body: { reason: 'x' } };
    expect((await f.api(service, '/users/nobody/disable', nobody)).status).toBe(404);
  });

  it('GET /audit returns admin actions with the admin identity; 400 on a bad since', async () => {
    const player = await f.newPlayer('audit');
    await f.api(adminUser, `/users/${player.id}/sessions`, { method: 'DELETE' });
    await f.app.pitboss.auditPipeline.writer.drain(); // the audit trail is written asynchronously
    const res = await f.api(
      service,
      `/audit?account=${player.id}&type=admin.action&since=2020-01-01T00:00:00Z`,
    );
    const page = await res.json();
    expect(page.items[0]).toMatchObject({
      type: 'admin.action',
      accountId: player.id,
      detail: { admin: f.admin.id, action: 'sessions.end_all', target: player.id },
    });
    expect(page).toMatchObject({ limit: 50, offset: 0, nextOffset: null });
    const firstOnly = await (await f.api(service, '/audit?limit=1')).json();
    expect(firstOnly).toMatchObject({ limit: 1, offset: 0, nextOffset: 1 });
    expect(firstOnly.items).toHaveLength(1);
    const bad = await f.api(service, '/audit?since=yesterday');
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('since');
  });

  it('clients: POST shows the secret once, GET, PATCH, DELETE, with 400/404/409', async () => {
    const body = {
      name: 'Roulette Studio',
      redirectUris: ['https://roulette.example/cb'],
      backchannelLogoutUri: 'https://roulette.example/bc',
    };
    const created = await f.api(service, '/clients', { method: 'POST', body });
    expect(created.status).toBe(201);
    const { clientId, clientSecret } = await created.json();
    expect(clientSecret).toMatch(/^[\w-]{40,}$/);
    const one = await (await f.api(service, `/clients/${clientId}`)).json();
    expect(one.metadata).toMatchObject({
      client_name: 'Roulette Studio',
      backchannel_logout_uri: 'https://roulette.example/bc',
    });
    expect(one.metadata).not.toHaveProperty('client_secret');
    const list = await (await f.api(service, '/clients?limit=200')).json();
    expect(list.items.map((c: { clientId: string }) => c.clientId)).toContain(clientId);
    const badUri = await f.api(service, '/clients', {
      method: 'POST',
      body: { ...body, redirectUris: ['http://evil.example/cb'] },
    });
    expect(badUri.status).toBe(400);
    expect((await badUri.json()).field).toBe('redirectUris');
    expect(
      (await (await f.api(service, '/clients', { method: 'POST', body: { name: 1 } })).json()).field,
    ).toBe('name');
    const patched = await f.api(service, `/clients/${clientId}`, {
      method: 'PATCH',
      body: { name: 'Roulette 2', backchannelLogoutUri: null },
    });
    expect((await patched.json()).metadata).toMatchObject({
      client_name: 'Roulette 2',
      redirect_uris: body.redirectUris,
    });
    expect((await f.api(service, `/clients/${clientId}`)).ok).toBe(true);
    expect((await f.api(service, `/clients/${clientId}`, { method: 'PATCH', body: {} })).status).toBe(400);
    expect((await f.api(service, '/clients/nope', { method: 'PATCH', body: { name: 'x' } })).status).toBe(
      404,
    );
    expect((await f.api(service, '/clients/pitboss-admin', { method: 'DELETE' })).status).toBe(409);
    expect(await (await f.api(service, `/clients/${clientId}`, { method: 'DELETE' })).json()).toEqual({
      deleted: true,
    });
    expect((await f.api(service, `/clients/${clientId}`)).status).toBe(404);
    expect((await f.api(service, `/clients/${clientId}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('serves an OpenAPI 3.1 document generated from the validating schemas', async () => {
    const doc = await (await fetch(`${f.app.url}/admin/api/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/audit',
        '/backchannel',
        '/backchannel/{id}/retry',
        '/brands',
        '/brands/{id}',
        '/clients',
        '/clients/{id}',
        '/grants/{grantId}',
        '/sessions/{sid}',
        '/stats',
        '/users',
        '/users/{id}',
        '/users/{id}/disable',
        '/users/{id}/enable',
        '/users/{id}/mfa/reset',
        '/users/{id}/password-reset',
        '/users/{id}/rg',
        '/users/{id}/role',
        '/users/{id}/self-exclusion',
        '/users/{id}/timeout',
        '/users/{id}/unlock',
        '/users/{id}/grants',
        '/users/{id}/sessions',
      ].sort(),
    );
    const { $schema: _, ...expected } = z.toJSONSchema(clientCreateBody, {
      io: 'input',
      unrepresentable: 'any',
    });
    expect(doc.paths['/clients'].post.requestBody.content['application/json'].schema).toEqual(expected);
    expect(doc.paths['/users/{id}/sessions'].delete.operationId).toBe('endAllSessions');
  });
});
