import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { hiddenInput } from '../helpers/user-agent.ts';
import { type Receiver, startReceiver } from '../logout/receiver.ts';
import { adminFixture } from './admin-fixture.ts';
import { consoleLogin } from './console-login.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

describe('admin console pages (HTTP): search, player page, confirmations, deliveries, roles', () => {
  let f: Fixture;
  let receiver: Receiver;
  let studio: client.Configuration;
  let admin: Awaited<ReturnType<typeof consoleLogin>>;
  let support: Awaited<ReturnType<typeof consoleLogin>>;
  beforeAll(async () => {
    f = await adminFixture();
    let clientId = '';
    receiver = await startReceiver({ issuer: f.app.url, clientId: () => clientId });
    const created = await f.app.pitboss.clients.create({
      name: 'Blackjack Bay',
      redirectUris: [REDIRECT_URI],
      backchannelLogoutUri: receiver.url,
      scope: 'openid email offline_access',
    });
    clientId = created.clientId;
    studio = await discover(f.app.url, created.clientId, created.clientSecret);
    admin = await consoleLogin(f, await f.newMfaAdmin('pages-admin'));
    support = await consoleLogin(f, await f.newMfaAdmin('pages-support', 'support'));
  }, 90_000);
  afterAll(async () => {
    await receiver?.close();
    await f?.close();
  });
  const get = (who: typeof admin, path: string) => who.agent.request(`${f.app.url}${path}`);
  const post = (who: typeof admin, path: string, form: Record<string, string>) =>
    who.agent.request(`${f.app.url}${path}`, { form: { csrf: hiddenInput(who.page, 'csrf'), ...form } });

  it('search lists prefix matches, goes straight to an exact email, and says when nothing matches', async () => {
    const a = await f.newPlayer('searchable-one');
    await f.newPlayer('searchable-two');
    const list = await get(admin, '/admin/players?q=searchable-');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('2 players matching');
    expect(html).toContain(`href="/admin/players/${a.id}"`);
    const exact = await get(admin, `/admin/players?q=${encodeURIComponent(a.email.toUpperCase())}`);
    expect(exact.status).toBe(302);
    expect(exact.headers.get('location')).toBe(`/admin/players/${a.id}`);
    const byId = await get(support, `/admin/players?q=${a.id}`);
    expect(byId.headers.get('location')).toBe(`/admin/players/${a.id}`);
    const none = await get(admin, '/admin/players?q=nobody-at-all');
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('No player matches.');
  });

  it('the player page shows factors, lockouts, limits; admins get the audit trail, paged', async () => {
    const player = await f.newPlayer('paged');
    await f.app.pitboss.mfa.enrolDirect(player);
    await f.app.pitboss.database.pool.query(
      `insert into audit_log (event_id, type, outcome, account_id, detail)
       select 'paged-' || $1 || '-' || i, 'login', 'failure', $1, '{}' from generate_series(1, 30) i`,
      [player.id],
    );
    const page = await (await get(admin, `/admin/players/${player.id}`)).text();
    expect(page).toContain('TOTP enrolled');
    expect(page).toContain('<dt>Session time limit</dt><dd>none</dd>');
    expect(page).toContain('Audit trail');
    expect(page).toContain(`/admin/players/${player.id}/confirm/disable`);
    const supportView = await (await get(support, `/admin/players/${player.id}`)).text();
    expect(supportView).not.toContain('Audit trail');
    expect(supportView).not.toContain('/confirm/disable');
    expect(supportView).toContain('/confirm/end-all');
    const older = await (await get(admin, `/admin/players/${player.id}?audit=25`)).text();
    expect(older).toContain('Newer events');
  });

  it('a confirmation names the target; a session of another player is refused; cancel changes nothing', async () => {
    const player = await f.newPlayer('target');
    const other = await f.newPlayer('other');
    await login(f.rp, other);
    const sessions = await (await f.api(await f.serviceToken(), `/users/${other.id}/sessions`)).json();
    const sid = sessions.items[0].id;
    const wrong = await get(admin, `/admin/players/${player.id}/confirm/end-session?target=${sid}`);
    expect(wrong.status).toBe(404);
    const refused = await post(admin, `/admin/players/${player.id}/do/end-session`, {
      target: sid,
      reason: 'x',
    });
    expect(refused.status).toBe(404);
    expect((await f.api(await f.serviceToken(), `/users/${other.id}/sessions`)).ok).toBe(true);
    const right = await (
      await get(admin, `/admin/players/${other.id}/confirm/end-session?target=${sid}`)
    ).text();
    expect(right).toContain(sid);
    expect(right).toContain('Reason (kept in the audit trail)');
    expect((await get(admin, `/admin/players/${other.id}/confirm/explode`)).status).toBe(404);
  });

  it('deliveries: a failing studio shows its last error; retry delivers it; support is refused', async () => {
    const player = await f.newPlayer('failing-studio');
    await login(studio, player);
    receiver.failNext(1000, 503);
    const ended = await f.api(await f.serviceToken(), `/users/${player.id}/sessions`, {
      method: 'DELETE',
      body: { reason: 'testing a failing receiver' },
    });
    const { logouts } = (await ended.json()).ended;
    expect(logouts).toEqual([
      {
        clientId: expect.any(String),
        clientName: 'Blackjack Bay',
        deliveryId: expect.any(String),
        status: 'queued',
        lastError: null,
      },
    ]);
    const id = logouts[0].deliveryId;
    await expect
      .poll(async () => (await get(admin, '/admin/deliveries?status=pending')).text(), { timeout: 20_000 })
      .toMatch(new RegExp(`<td>${id}</td>.*state-failing`, 's'));
    const failing = await (await get(admin, `/admin/deliveries/${id}`)).text();
    expect(failing).toContain('HTTP 503');
    expect((await get(support, '/admin/deliveries')).status).toBe(403);
    expect((await post(support, `/admin/deliveries/${id}/retry`, {})).status).toBe(403);
    expect((await post(admin, `/admin/deliveries/${id}/retry`, { csrf: 'forged' })).status).toBe(403);
    receiver.failNext(0);
    const retried = await post(admin, `/admin/deliveries/${id}/retry`, {});
    expect(retried.status).toBe(303);
    await expect
      .poll(async () => (await get(admin, `/admin/deliveries/${id}`)).text(), { timeout: 20_000 })
      // The class on the row's state cell (the stylesheet names .state-delivered too).
      .toContain('class="state-delivered"');
    expect(receiver.receipts.map((r) => r.sub)).toContain(player.id);
    const stats = await (await get(admin, '/admin')).text();
    expect(stats).toContain('Back-channel logouts pending');
  });

  it('audit view filters by IP and client and exports the same events as NDJSON', async () => {
    const player = await f.newPlayer('audited');
    await f.app.pitboss.database.pool.query(
      `insert into audit_log (event_id, type, outcome, account_id, client_id, ip, detail)
       select 'view-' || $1 || '-' || i, 'login', 'success', $1, 'studio-' || (i % 3), '203.0.113.' || (i % 2), '{}'
         from generate_series(1, 12) i`,
      [player.id],
    );
    const q = `account=${player.id}&ip=203.0.113.1&client=studio-1`;
    const view = await (await get(admin, `/admin/audit?${q}`)).text();
    expect(view.match(/<tr><td>/g)).toHaveLength(2); // i in {1, 7}
    expect(view).toContain(`/admin/audit/export?${q.replaceAll('&', '&amp;')}`);
    const exported = await get(admin, `/admin/audit/export?${q}`);
    expect(exported.headers.get('content-type')).toBe('application/x-ndjson');
    const rows = (await exported.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.ip, r.clientId])).toEqual([
      ['203.0.113.1', 'studio-1'],
      ['203.0.113.1', 'studio-1'],
    ]);
    const bad = await get(admin, '/admin/audit?since=yesterday');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('since: must be an ISO 8601 date-time');
    expect((await get(support, '/admin/audit')).status).toBe(403);
    expect((await get(support, `/admin/audit/export?${q}`)).status).toBe(403);
  });

  it('support may not open clients, deliveries, or run admin-only actions', async () => {
    const player = await f.newPlayer('support-limits');
    for (const path of [
      '/admin/clients',
      '/admin/deliveries',
      `/admin/players/${player.id}/confirm/unlock`,
    ]) {
      const res = await get(support, path);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('Not allowed');
    }
    for (const action of ['disable', 'unlock']) {
      expect((await post(support, `/admin/players/${player.id}/do/${action}`, { reason: 'x' })).status).toBe(
        403,
      );
    }
    const home = await (await get(support, '/admin')).text();
    expect(home).not.toContain('Live figures');
    expect(home).toContain('(support)');
  });
});
