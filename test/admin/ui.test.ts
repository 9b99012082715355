import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';
import { adminFixture } from './admin-fixture.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/** Signs in to /admin through the real login and consent pages; returns the last page reached. */
async function consoleLogin(
  f: Fixture,
  credentials: { email: string; password: string },
  agent = new UserAgent(),
) {
  let step = await agent.follow(`${f.app.url}/admin/login`, 'never:');
  let page = await step.res.text();
  step = await agent.follow(new URL(formAction(page, 'Sign in'), step.url).href, 'never:', {
    form: { csrf: hiddenInput(page, 'csrf'), ...credentials },
  });
  page = await step.res.text();
  if (page.includes('>Allow</button>')) {
    step = await agent.follow(new URL(formAction(page, 'Allow'), step.url).href, 'never:', {
      form: { csrf: hiddenInput(page, 'csrf') },
    });
    page = await step.res.text();
  }
  return { agent, status: step.res.status, url: step.url, page };
}

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

  it('refuses a player who is not an admin', async () => {
    const player = await f.newPlayer('not-admin');
    const { status, page } = await consoleLogin(f, player);
    expect(status).toBe(403);
    expect(page).toContain('not an admin');
  });

  it('signs an admin in, requires CSRF on posts, ends when the token dies', async () => {
    const { agent, page, url } = await consoleLogin(f, f.admin);
    expect(url).toBe(`${f.app.url}/admin`);
    expect(page).toContain('Find a player');
    const player = await f.newPlayer('csrf');
    const endAll = `${f.app.url}/admin/players/${player.id}/end-all`;
    expect((await agent.request(endAll, { form: { csrf: 'forged' } })).status).toBe(403);
    expect((await fetch(endAll, { method: 'POST' })).status).toBe(401);
    const ok = await agent.request(endAll, { form: { csrf: hiddenInput(page, 'csrf') } });
    expect(ok.status).toBe(303);
    const audit = await (
      await f.api(await f.serviceToken(), `/audit?account=${player.id}&type=admin.action`)
    ).json();
    expect(audit.items[0].detail).toMatchObject({ admin: f.admin.id, action: 'sessions.end_all' });
    // Revoking the admin's own grants kills the console session on the next request.
    const service = await f.serviceToken();
    const grants = await (await f.api(service, `/users/${f.admin.id}/grants?limit=200`)).json();
    for (const g of grants.items) await f.api(service, `/grants/${g.id}`, { method: 'DELETE' });
    const after = await agent.request(`${f.app.url}/admin/players?email=${encodeURIComponent(player.email)}`);
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toBe('/admin/login');
  });

  it('registers a client from the clients page and shows its secret once', async () => {
    const { agent, page } = await consoleLogin(f, f.admin);
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
