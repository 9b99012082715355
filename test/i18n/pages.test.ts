import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';

describe('pages in the player language', () => {
  let app: RunningPitboss;
  let rp: client.Configuration;

  beforeAll(async () => {
    app = await startTestPitboss({ redis: false });
    const created = await app.pitboss.clients.create({
      name: 'Roulette Royale',
      redirectUris: [REDIRECT_URI],
      scope: 'openid email',
    });
    rp = await discover(app.url, created.clientId, created.clientSecret);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function loginPage(params: Record<string, string>, headers: Record<string, string> = {}) {
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      ...params,
    });
    const first = await fetch(url, { redirect: 'manual', headers });
    const cookie = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await fetch(new URL(first.headers.get('location')!, app.url), {
      headers: { ...headers, cookie },
    });
    expect(res.status).toBe(200);
    return res.text();
  }

  it('answers in English by default, with the stylesheet quotes intact', async () => {
    const page = await loginPage({});
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<label for="email">Email</label>');
    expect(page).toContain('>Sign in</button>');
    expect(page).toContain('"Segoe UI"');
    expect(page).not.toContain('&quot;Segoe');
  });

  it('follows Accept-Language (q-values, regions) when the app names no ui_locales', async () => {
    const page = await loginPage({}, { 'accept-language': 'fr-FR, de-AT;q=0.8, en;q=0.5' });
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('<label for="email">E-Mail</label>');
    expect(page).toContain('<label for="password">Passwort</label>');
    expect(page).toContain('>Anmelden</button>');
  });

  it('lets ui_locales win over Accept-Language', async () => {
    const page = await loginPage({ ui_locales: 'sv' }, { 'accept-language': 'de' });
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain('<label for="password">Lösenord</label>');
    expect(page).toContain('>Logga in</button>');
    expect(page).toContain('<title>Logga in · Pitboss</title>');
  });

  it('advertises the languages in discovery', async () => {
    const discovery = await (await fetch(`${app.url}/.well-known/openid-configuration`)).json();
    expect(discovery.ui_locales_supported).toEqual(['en', 'de', 'sv']);
  });

  it('translates our own error pages too', async () => {
    const res = await fetch(`${app.url}/interaction/no-such-uid`, {
      headers: { accept: 'text/html', 'accept-language': 'sv' },
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain('Den här inloggningen har gått ut.');
  });
});
