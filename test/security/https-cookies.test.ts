import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';

/** Finding 15: an https ISSUER without TRUST_PROXY sent HSTS but cookies without Secure. */
describe('an https issuer: every cookie is Secure, with or without TRUST_PROXY', () => {
  let app: RunningPitboss & { close(): Promise<void> };
  let clientId: string;

  beforeAll(async () => {
    // TLS ends in front of Pitboss; the proxy is not declared (no TRUST_PROXY), the request arrives as http.
    app = await startTestPitboss({ redis: false, env: { ISSUER: 'https://login.casino.test' } });
    ({ clientId } = await app.pitboss.clients.create({ name: 'Blackjack', redirectUris: [REDIRECT_URI] }));
  });
  afterAll(() => app.close());

  const cookiesOf = (res: Response) => res.headers.getSetCookie();

  it('marks the interaction cookies of an authorization request Secure', async () => {
    const res = await fetch(
      `${app.url}/auth?${new URLSearchParams({
        client_id: clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    const cookies = cookiesOf(res);
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie.toLowerCase()).toContain('; secure');
  });

  it('marks the admin console sign-in cookie Secure', async () => {
    const res = await fetch(`${app.url}/admin/login`, { redirect: 'manual' });
    const cookies = cookiesOf(res);
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie.toLowerCase()).toContain('; secure');
  });
});
