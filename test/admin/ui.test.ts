import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenInput } from '../helpers/user-agent.ts';
import { adminFixture } from './admin-fixture.ts';
import { consoleLogin } from './console-login.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

describe('admin console (HTTP)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await adminFixture();
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('shows a sign-in page, and sends unauthenticated page loads to sign in', async () => {
    const res = await fetch(`${f.app.url}/admin`);
    expect(await res.text()).toContain('href="/admin/login"');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const players = await fetch(`${f.app.url}/admin/players?email=a@b.c`, { redirect: 'manual' });
    expect(players.status).toBe(302);
    expect(players.headers.get('location')).toBe('/admin/login');
  });

  it('refuses a player who is not an admin, even after two-step verification', async () => {
    const player = await f.newPlayer('not-admin');
    const { secret } = await f.app.pitboss.mfa.enrolDirect(player);
    const { status, page, agent } = await consoleLogin(f, { ...player, secret });
    expect(status).toBe(403);
    expect(page).toContain('not an admin');
    const home = await agent.request(`${f.app.url}/admin/players?email=a@b.c`);
    expect(home.status).toBe(302);
  });

  it('makes an admin without two-step verification enrol before the console opens', async () => {
    const { status, page, url } = await consoleLogin(f, await f.newPlayer('no-mfa-admin', ['admin']));
    expect(status).toBe(200);
    expect(url).toContain('/interaction/');
    expect(page).toContain('Set up two-step verification');
    expect(page).not.toContain('Find a player');
  });

  it('refuses a password-only sign-in when acr_values is stripped from the request', async () => {
    const { status, page, agent } = await consoleLogin(f, await f.newPlayer('pwd-only-admin', ['admin']), {
      tamper: (auth) => auth.searchParams.delete('acr_values'),
    });
    expect(status).toBe(403);
    expect(page).toContain('requires two-step verification');
    const home = await agent.request(`${f.app.url}/admin/players?email=a@b.c`);
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/admin/login');
  });

  it('signs an admin in, requires CSRF on posts, ends when the token dies', async () => {
    const admin = await f.newMfaAdmin('console');
    const { agent, page, url } = await consoleLogin(f, admin);
    expect(url).toBe(`${f.app.url}/admin`);
    expect(page).toContain('Find a player');
    const player = await f.newPlayer('csrf');
    const endAll = `${f.app.url}/admin/players/${player.id}/do/end-all`;
    const reason = 'player called: phone stolen';
    expect((await agent.request(endAll, { form: { csrf: 'forged', reason } })).status).toBe(403);
    expect((await fetch(endAll, { method: 'POST' })).status).toBe(401);
    const csrf = hiddenInput(page, 'csrf');
    const unexplained = await agent.request(endAll, { form: { csrf, reason: ' ' } });
    expect(unexplained.status).toBe(400);
    expect(await unexplained.text()).toContain('Reason: is required');
    const ok = await agent.request(endAll, { form: { csrf, reason } });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/admin\/results\//);
    await f.app.pitboss.auditPipeline.writer.drain(); // the audit trail is written asynchronously
    const audit = await (
      await f.api(await f.serviceToken(), `/audit?account=${player.id}&type=admin.action`)
    ).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].detail).toMatchObject({
      admin: admin.id,
      action: 'sessions.end_all',
      surface: 'console',
      role: 'admin',
      reason,
      target: player.id,
    });
    // Revoking the admin's own grants kills the console session on the next request.
    const service = await f.serviceToken();
    const grants = await (await f.api(service, `/users/${admin.id}/grants?limit=200`)).json();
    for (const g of grants.items) await f.api(service, `/grants/${g.id}`, { method: 'DELETE' });
    const after = await agent.request(`${f.app.url}/admin/players?email=${encodeURIComponent(player.email)}`);
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toBe('/admin/login');
  });

  it('registers a client from the clients page and shows its secret once', async () => {
    const { agent, page } = await consoleLogin(f, await f.newMfaAdmin('clients'));
    const csrf = hiddenInput(page, 'csrf');
    const res = await agent.request(`${f.app.url}/admin/clients`, {
      form: {
        csrf,
        name: 'Blackjack Studio',
        redirectUris: 'https://bj.example/cb',
        grantTypes: 'authorization_code refresh_token',
        scope: 'openid email',
        backchannelLogoutUri: 'https://bj.example/bc',
      },
    });
    expect(res.status).toBe(201);
    const body = await res.text();
    expect(body).toMatch(/Client secret \(shown once, copy it now\): <code>[\w-]{40,}<\/code>/);
    const list = await (await agent.request(`${f.app.url}/admin/clients`)).text();
    expect(list).toContain('https://bj.example/bc');
    expect(list).not.toMatch(/shown once/);
    const bad = await agent.request(`${f.app.url}/admin/clients`, {
      form: { csrf, name: 'x', redirectUris: 'http://evil.example/cb' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('redirectUris');
  });
});
