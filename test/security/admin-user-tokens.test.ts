import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFixture } from '../admin/admin-fixture.ts';
import { consoleToken } from '../admin/console-login.ts';
import { registerRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { unusedCode } from '../mfa/journey.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/**
 * Finding 9: the admin API accepted any client's user token with scope `admin` and never looked at acr:
 * through a studio client registered with `openid admin`, an admin without TOTP signed in with a password only
 * and read /admin/api/users. User tokens now reach it only from the console's own client after an MFA
 * sign-in, and no other client obtains `admin` through the code flow.
 */
describe('admin API user tokens come only from the console client with acr mfa', () => {
  let f: Fixture;
  const users = (f: Fixture) => `/users?email=${encodeURIComponent(f.admin.email)}`;

  beforeAll(async () => {
    f = await adminFixture();
  }, 60_000);
  afterAll(() => f?.close());

  it('a studio client registered with scope admin gets no admin scope, even for an admin signing in with TOTP', async () => {
    const studio = await registerRp(f.app, {
      name: 'Rogue Studio',
      grantTypes: ['authorization_code'],
      scope: 'openid admin',
    });
    const operator = await f.newMfaAdmin('studio-signin');
    const { tokens } = await login(studio.config, operator, {
      scope: 'openid admin',
      totp: () => unusedCode(operator.secret),
    });
    expect(tokens.claims()?.acr).toBe('urn:pitboss:acr:mfa');
    expect((tokens.scope ?? '').split(' ')).not.toContain('admin');
    const res = await f.api(tokens.access_token, users(f));
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it("the console client's token from a password-only sign-in is refused", async () => {
    const noMfa = await f.newPlayer('pwd-admin', ['admin']);
    // acr_values left out (the console always sends it; an attacker holding the console's secret would not).
    const token = await consoleToken(f.app, noMfa, { acrValues: null });
    const introspected = await client.tokenIntrospection(f.rp, token);
    expect(introspected.scope?.split(' ')).toContain('admin');
    const res = await f.api(token, users(f));
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('accepts the console client after an MFA sign-in, and a service client by client_credentials', async () => {
    expect((await f.api(await f.adminUserToken(), users(f))).status).toBe(200);
    expect((await f.api(await f.serviceToken(), users(f))).status).toBe(200);
  });
});
