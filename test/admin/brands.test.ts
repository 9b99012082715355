import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { hiddenInput, UserAgent } from '../helpers/user-agent.ts';
import { adminFixture } from './admin-fixture.ts';
import { consoleLogin } from './console-login.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/** Brands in the admin API (/admin/api/brands) and the console (/admin/brands): list, add, edit. */
describe('brands management', () => {
  let f: Fixture;
  let service: string;
  let admin: Awaited<ReturnType<typeof consoleLogin>>;
  let support: Awaited<ReturnType<typeof consoleLogin>>;
  beforeAll(async () => {
    f = await adminFixture();
    service = await f.serviceToken();
    admin = await consoleLogin(f, await f.newMfaAdmin('brands-admin'));
    support = await consoleLogin(f, await f.newMfaAdmin('brands-support', 'support'));
  }, 90_000);
  afterAll(() => f?.close());

  const stamp = Math.random().toString(36).slice(2, 8);
  const get = (who: typeof admin, path: string) => who.agent.request(`${f.app.url}${path}`);
  const post = (who: typeof admin, path: string, form: Record<string, string>) =>
    who.agent.request(`${f.app.url}${path}`, { form: { csrf: hiddenInput(who.page, 'csrf'), ...form } });

  /** The sign-in page a client's authorization request shows. */
  async function signInPage(clientId: string, secret: string) {
    const rp = await discover(f.app.url, clientId, secret);
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    return (await new UserAgent().follow(url.href, REDIRECT_URI)).res.text();
  }

  it('API: add, list, read, change; a client shows the change at once; 400/404/409; support 403', async () => {
    const name = `Golden Goose ${stamp}`;
    const created = await f.api(service, '/brands', {
      method: 'POST',
      body: {
        name,
        logoUrl: 'https://cdn.example.com/goose.png',
        primaryColor: '#AA3300',
        supportUrl: 'https://help.example.com/',
        minAge: 21,
        defaultLocale: 'en',
        reason: 'new casino brand',
      },
    });
    expect(created.status).toBe(201);
    const brand = await created.json();
    expect(brand).toMatchObject({
      id: expect.stringMatching(/^brand_[0-9a-f]{12}$/),
      name,
      primaryColor: '#aa3300',
      minAge: 21,
      supportUrl: 'https://help.example.com/',
      clients: [],
    });
    const listed = await (await f.api(service, '/brands')).json();
    expect(listed.items.map((b: { id: string }) => b.id)).toContain(brand.id);

    // A studio registered under the brand shows its name and colour on the sign-in page.
    const studio = await f.api(service, '/clients', {
      method: 'POST',
      body: { name: `Goose Slots ${stamp}`, redirectUris: [REDIRECT_URI], brandId: brand.id },
    });
    expect(studio.status).toBe(201);
    const { clientId, clientSecret } = await studio.json();
    expect((await (await f.api(service, `/brands/${brand.id}`)).json()).clients).toEqual([clientId]);
    const before = await signInPage(clientId, clientSecret);
    expect(before).toContain(`<title>Sign in · ${name}</title>`);
    expect(before).toContain('#aa3300');

    const changed = await f.api(service, `/brands/${brand.id}`, {
      method: 'PATCH',
      body: { name: `${name} Deluxe`, primaryColor: '#123456', supportUrl: null },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      name: `${name} Deluxe`,
      primaryColor: '#123456',
      supportUrl: null,
      minAge: 21,
    });
    const after = await signInPage(clientId, clientSecret);
    expect(after).toContain(`<title>Sign in · ${name} Deluxe</title>`);
    expect(after).toContain('#123456');
    expect(after).not.toContain('https://help.example.com/');

    const badColour = await f.api(service, `/brands/${brand.id}`, {
      method: 'PATCH',
      body: { primaryColor: 'red' },
    });
    expect(badColour.status).toBe(400);
    expect((await badColour.json()).field).toBe('primaryColor');
    const httpLogo = await f.api(service, '/brands', {
      method: 'POST',
      body: { name: 'x', logoUrl: 'javascript:alert(1)' },
    });
    expect((await httpLogo.json()).field).toBe('logoUrl');
    expect(
      (await f.api(service, `/brands/${brand.id}`, { method: 'PATCH', body: { reason: 'nothing' } })).status,
    ).toBe(400);
    expect(
      (await f.api(service, '/brands', { method: 'POST', body: { name: 'y', owner: 'z' } })).status,
    ).toBe(400);
    const young = await f.api(service, '/brands', {
      method: 'POST',
      body: { name: `Young ${stamp}`, minAge: 12 },
    });
    expect((await young.json()).field).toBe('minAge');
    const duplicate = await f.api(service, '/brands', { method: 'POST', body: { name: `${name} Deluxe` } });
    expect(duplicate.status).toBe(409);
    expect((await f.api(service, '/brands/brand_000000000000')).status).toBe(404);
    expect(
      (await f.api(service, '/brands/brand_000000000000', { method: 'PATCH', body: { name: 'z' } })).status,
    ).toBe(404);
    const unknownBrand = await f.api(service, '/clients', {
      method: 'POST',
      body: { name: 'Orphan', redirectUris: [REDIRECT_URI], brandId: 'brand_000000000000' },
    });
    expect((await unknownBrand.json()).field).toBe('brandId');
    // A client can leave its brand.
    const unbranded = await f.api(service, `/clients/${clientId}`, {
      method: 'PATCH',
      body: { brandId: null },
    });
    expect((await unbranded.json()).metadata.brand_id).toBeUndefined();

    const { token } = await f.operatorToken('brands-api-support', 'support');
    expect((await f.api(token, '/brands')).status).toBe(403);
    expect((await f.api(token, `/brands/${brand.id}`)).status).toBe(403);
    expect((await f.api(token, '/brands', { method: 'POST', body: { name: 'support brand' } })).status).toBe(
      403,
    );
    expect(
      (await f.api(token, `/brands/${brand.id}`, { method: 'PATCH', body: { name: 'support' } })).status,
    ).toBe(403);

    const audit = await (await f.api(service, '/audit?type=admin.action&limit=200')).json();
    const actions = audit.items.map((e: { detail: { action: string; target: string } }) => e.detail);
    expect(actions).toContainEqual(
      expect.objectContaining({ action: 'brand.create', target: brand.id, reason: 'new casino brand' }),
    );
    expect(actions).toContainEqual(
      expect.objectContaining({
        action: 'brand.update',
        target: brand.id,
        fields: ['name', 'primaryColor', 'supportUrl'],
      }),
    );
    const openapi = await (await fetch(`${f.app.url}/admin/api/openapi.json`)).json();
    expect(openapi.paths['/brands'].post['x-roles']).toEqual(['admin']);
    expect(openapi.paths['/brands/{id}'].patch.operationId).toBe('updateBrand');
  });

  it('console: add and edit a brand with CSRF, refused input shown again, register a client under it; support 403', async () => {
    const name = `Lucky Lynx ${stamp}`;
    const listPage = await get(admin, '/admin/brands');
    expect(listPage.status).toBe(200);
    expect(await listPage.text()).toContain('Add a brand');
    expect(await (await get(admin, '/admin')).text()).toContain('href="/admin/brands"');

    const form = {
      name,
      logoUrl: '',
      primaryColor: '#0A7B83',
      supportUrl: '',
      minAge: '',
      defaultLocale: 'sv',
      reason: '',
    };
    expect(
      (await admin.agent.request(`${f.app.url}/admin/brands`, { form: { ...form, csrf: 'forged' } })).status,
    ).toBe(403);
    const bad = await post(admin, '/admin/brands', { ...form, primaryColor: 'teal' });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('primaryColor: must be a colour like #0b6e3a');
    expect(badPage).toContain(`value="${name}"`);

    const added = await post(admin, '/admin/brands', form);
    expect(added.status).toBe(303);
    const location = added.headers.get('location')!;
    const id = location.match(/\/admin\/brands\/(brand_[0-9a-f]{12})\?saved=1$/)![1]!;
    const saved = await (await get(admin, location)).text();
    expect(saved).toContain('Brand saved');
    expect(saved).toContain('<option value="sv" selected>');
    const stored = await (await f.api(service, `/brands/${id}`)).json();
    expect(stored).toMatchObject({
      name,
      primaryColor: '#0a7b83',
      minAge: null,
      logoUrl: null,
      defaultLocale: 'sv',
    });
    expect((await post(admin, '/admin/brands', form)).status).toBe(409);

    const edited = await post(admin, `/admin/brands/${id}`, {
      ...form,
      name: `${name} Live`,
      minAge: '19',
      supportUrl: 'https://support.example.com/lynx',
      reason: 'rebrand',
    });
    expect(edited.status).toBe(303);
    expect(await (await f.api(service, `/brands/${id}`)).json()).toMatchObject({
      name: `${name} Live`,
      minAge: 19,
      supportUrl: 'https://support.example.com/lynx',
    });
    // Emptying an optional field clears it.
    await post(admin, `/admin/brands/${id}`, { ...form, name: `${name} Live`, supportUrl: '', minAge: '' });
    expect(await (await f.api(service, `/brands/${id}`)).json()).toMatchObject({
      supportUrl: null,
      minAge: null,
    });
    expect((await post(admin, `/admin/brands/${id}`, { ...form, minAge: '99' })).status).toBe(400);

    // The clients page offers the brand; a client registered with it shows it.
    const clientsPage = await (await get(admin, '/admin/clients')).text();
    expect(clientsPage).toContain(`<option value="${id}">${name} Live</option>`);
    const registered = await post(admin, '/admin/clients', {
      name: `Lynx Poker ${stamp}`,
      redirectUris: REDIRECT_URI,
      grantTypes: 'authorization_code refresh_token',
      scope: 'openid email',
      brandId: id,
    });
    expect(registered.status).toBe(201);
    expect((await (await f.api(service, `/brands/${id}`)).json()).clients).toHaveLength(1);
    const brandPage = await (await get(admin, `/admin/brands/${id}`)).text();
    expect(brandPage).toContain(`Lynx Poker ${stamp}`);

    const audit = await (await f.api(service, '/audit?type=admin.action&limit=200')).json();
    expect(audit.items.map((e: { detail: Record<string, unknown> }) => e.detail)).toContainEqual(
      expect.objectContaining({ action: 'brand.update', target: id, surface: 'console', reason: 'rebrand' }),
    );

    expect((await get(support, '/admin/brands')).status).toBe(403);
    expect((await get(support, `/admin/brands/${id}`)).status).toBe(403);
    expect((await post(support, '/admin/brands', { ...form, name: 'Support brand' })).status).toBe(403);
    expect((await post(support, `/admin/brands/${id}`, { ...form, name: 'Support edit' })).status).toBe(403);
    expect((await get(support, '/admin')).status).toBe(200);
    expect(await (await get(support, '/admin')).text()).not.toContain('href="/admin/brands"');
    expect((await (await f.api(service, `/brands/${id}`)).json()).name).toBe(`${name} Live`);
  });
});
