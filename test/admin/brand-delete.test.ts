import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { adminFixture } from './admin-fixture.ts';
import { consoleLogin, consoleRequests } from './console-login.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/** Deleting a brand (API and console): only when no client shows it, 409 naming the clients otherwise; audited. */
describe('brands: delete', () => {
  let f: Fixture;
  let service: string;
  let admin: Awaited<ReturnType<typeof consoleLogin>>;
  let support: Awaited<ReturnType<typeof consoleLogin>>;
  beforeAll(async () => {
    f = await adminFixture();
    service = await f.serviceToken();
    admin = await consoleLogin(f, await f.newMfaAdmin('brand-del-admin'));
    support = await consoleLogin(f, await f.newMfaAdmin('brand-del-support', 'support'));
  }, 90_000);
  afterAll(() => f?.close());

  const stamp = Math.random().toString(36).slice(2, 8);
  const { get, post } = consoleRequests(() => f.app.url);
  const newBrand = async (name: string) => {
    const res = await f.api(service, '/brands', { method: 'POST', body: { name, primaryColor: '#7a1f5c' } });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; name: string };
  };
  const newClient = async (name: string, brandId: string) => {
    const res = await f.api(service, '/clients', {
      method: 'POST',
      body: { name, redirectUris: [REDIRECT_URI], brandId },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { clientId: string; clientSecret: string };
  };
  const auditDetails = async () =>
    (await (await f.api(service, '/audit?type=admin.action&limit=200')).json()).items.map(
      (e: { detail: Record<string, unknown> }) => e.detail,
    );

  it('API: 409 naming the clients while one shows it; once moved, deleted (404 after), audited; support 403', async () => {
    const brand = await newBrand(`Ruby Reels ${stamp}`);
    const slots = await newClient(`Ruby Slots ${stamp}`, brand.id);
    const poker = await newClient(`Ruby Poker ${stamp}`, brand.id);

    const { token } = await f.operatorToken('brand-del-api-support', 'support');
    expect(
      (await f.api(token, `/brands/${brand.id}`, { method: 'DELETE', body: { reason: 'x' } })).status,
    ).toBe(403);

    const refused = await f.api(service, `/brands/${brand.id}`, { method: 'DELETE', body: {} });
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.message).toContain(`Ruby Slots ${stamp} (${slots.clientId})`);
    expect(body.message).toContain(`Ruby Poker ${stamp} (${poker.clientId})`);
    expect(body.clients).toEqual(
      expect.arrayContaining([
        { clientId: slots.clientId, name: `Ruby Slots ${stamp}` },
        { clientId: poker.clientId, name: `Ruby Poker ${stamp}` },
      ]),
    );
    expect((await f.api(service, `/brands/${brand.id}`)).status).toBe(200);
    // The store re-checks in its delete statement (a client given the brand after the action looked keeps it).
    expect(await f.app.pitboss.stores.brands.delete(brand.id)).toBe(false);
    expect((await f.api(service, `/brands/${brand.id}`)).status).toBe(200);

    // Move one client away and delete the other: nothing shows the brand any more.
    await f.api(service, `/clients/${slots.clientId}`, { method: 'PATCH', body: { brandId: null } });
    expect((await f.api(service, `/clients/${poker.clientId}`, { method: 'DELETE', body: {} })).status).toBe(
      200,
    );
    const bad = await f.api(service, `/brands/${brand.id}`, { method: 'DELETE', body: { because: 'x' } });
    expect(bad.status).toBe(400);
    const deleted = await f.api(service, `/brands/${brand.id}`, {
      method: 'DELETE',
      body: { reason: 'casino closed' },
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: true, id: brand.id, name: brand.name });
    expect((await f.api(service, `/brands/${brand.id}`)).status).toBe(404);
    expect((await f.api(service, `/brands/${brand.id}`, { method: 'DELETE', body: {} })).status).toBe(404);
    expect((await f.api(service, '/brands/not-a-brand', { method: 'DELETE', body: {} })).status).toBe(404);
    // The name is free again, and the moved client still signs players in (platform look).
    expect((await f.api(service, '/brands', { method: 'POST', body: { name: brand.name } })).status).toBe(
      201,
    );
    const rp = await discover(f.app.url, slots.clientId, slots.clientSecret);
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const signIn = await new UserAgent().follow(url.href, REDIRECT_URI);
    expect(signIn.res.status).toBe(200);
    expect(await signIn.res.text()).not.toContain('#7a1f5c');

    expect(await auditDetails()).toContainEqual(
      expect.objectContaining({
        action: 'brand.delete',
        target: brand.id,
        name: brand.name,
        reason: 'casino closed',
        surface: 'admin_api',
      }),
    );
    const openapi = await (await fetch(`${f.app.url}/admin/api/openapi.json`)).json();
    expect(openapi.paths['/brands/{id}'].delete.operationId).toBe('deleteBrand');
    expect(openapi.paths['/brands/{id}'].delete['x-roles']).toEqual(['admin']);
  });

  it('console: the brand page names the clients instead of a delete button; then delete with a reason; CSRF; support 403', async () => {
    const brand = await newBrand(`Jade Jackpot ${stamp}`);
    const studio = await newClient(`Jade Bingo ${stamp}`, brand.id);
    const path = `/admin/brands/${brand.id}`;
    const inUse = await (await get(admin, path)).text();
    expect(inUse).toContain(
      `Shown by Jade Bingo ${stamp}: give that client another brand (or none) before deleting it.`,
    );
    expect(inUse).not.toContain(`${path}/delete`);
    // A forged or stale form is still refused on the server: 409 naming the client.
    const conflict = await post(admin, `${path}/delete`, { reason: 'closing' });
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toContain(`still shown by Jade Bingo ${stamp} (${studio.clientId})`);

    await f.api(service, `/clients/${studio.clientId}`, { method: 'PATCH', body: { brandId: null } });
    const free = await (await get(admin, path)).text();
    expect(free).toContain(`action="${path}/delete"`);
    expect(free).toContain(`Delete brand Jade Jackpot ${stamp}`);
    expect(
      (await admin.agent.request(`${f.app.url}${path}/delete`, { form: { csrf: 'forged', reason: 'x' } }))
        .status,
    ).toBe(403);
    const blank = await post(admin, `${path}/delete`, { reason: ' ' });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('Reason: is required');
    expect((await post(support, `${path}/delete`, { reason: 'support tries' })).status).toBe(403);
    expect((await f.api(service, `/brands/${brand.id}`)).status).toBe(200);

    const done = await post(admin, `${path}/delete`, { reason: 'merged into another brand' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/admin/brands?deleted=1');
    const list = await (await get(admin, '/admin/brands?deleted=1')).text();
    expect(list).toContain('Brand deleted');
    expect(list).not.toContain(`Jade Jackpot ${stamp}`);
    expect((await get(admin, path)).status).toBe(404);
    expect(await auditDetails()).toContainEqual(
      expect.objectContaining({
        action: 'brand.delete',
        target: brand.id,
        reason: 'merged into another brand',
        surface: 'console',
      }),
    );
  });
});
