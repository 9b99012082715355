import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPitboss } from '../helpers/app.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

/**
 * The full authorization code + PKCE journey with openid-client as the RP, run against a store set-up
 * supplied by the caller (Redis or memory), so both stores are held to the same behaviour.
 */
export function oidcFlowSuite(label: string, start: () => Promise<RunningPitboss>) {
  describe(`OIDC flows (${label})`, () => {
    let app: RunningPitboss;
    let rp: client.Configuration;
    let publicRp: client.Configuration;
    const player = { email: `player-${Date.now()}@example.com`, password: 'correct horse battery' };

    beforeAll(async () => {
      app = await start();
      await app.pitboss.accounts.create(player);
      const created = await app.pitboss.clients.create({
        name: 'Lucky Slots Studio',
        redirectUris: [REDIRECT_URI],
        postLogoutRedirectUris: ['http://127.0.0.1:8765/logged-out'],
        grantTypes: ['authorization_code', 'refresh_token'],
        scope: 'openid email offline_access',
      });
      rp = await discover(app.url, created.clientId, created.clientSecret);
      const pub = await app.pitboss.clients.create({
        name: 'Casino Mobile',
        redirectUris: [REDIRECT_URI],
        public: true,
        grantTypes: ['authorization_code', 'refresh_token'],
        scope: 'openid email offline_access',
      });
      publicRp = await discover(app.url, pub.clientId);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('signs in with code + PKCE and returns a verified ID token', async () => {
      const { tokens } = await login(rp, player);
      const claims = tokens.claims()!;
      expect(claims.iss).toBe(app.url);
      expect(claims.aud).toBe(rp.clientMetadata().client_id);
      const account = await app.pitboss.accounts.findByEmail(player.email);
      expect(claims.sub).toBe(account!.id);
      expect(claims.amr).toEqual(['pwd']);
      expect(claims.acr).toBe('urn:pitboss:acr:pwd');
      expect(typeof claims.auth_time).toBe('number');
      expect(tokens.access_token).toMatch(/^[\w-]{40,}$/); // opaque, not a JWT
      expect(tokens.refresh_token).toBeTruthy();
    });

    it('serves userinfo for the access token', async () => {
      const { tokens } = await login(rp, player);
      const info = await client.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub);
      expect(info.email).toBe(player.email);
    });

    it('rotates the refresh token on every use', async () => {
      const { tokens } = await login(rp, player);
      const next = await client.refreshTokenGrant(rp, tokens.refresh_token!);
      expect(next.refresh_token).toBeTruthy();
      expect(next.refresh_token).not.toBe(tokens.refresh_token);
      const third = await client.refreshTokenGrant(rp, next.refresh_token!);
      expect(third.refresh_token).not.toBe(next.refresh_token);
    });

    it('rotates for public clients too and requires PKCE', async () => {
      const { tokens } = await login(publicRp, player);
      const next = await client.refreshTokenGrant(publicRp, tokens.refresh_token!);
      expect(next.refresh_token).not.toBe(tokens.refresh_token);
    });

    it('revokes the whole grant when a consumed refresh token is replayed', async () => {
      const { tokens } = await login(rp, player);
      const honest = await client.refreshTokenGrant(rp, tokens.refresh_token!);
      await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      // The successor from the honest refresh died with the grant, and so did its access token.
      await expect(client.refreshTokenGrant(rp, honest.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      const introspected = await client.tokenIntrospection(rp, honest.access_token);
      expect(introspected.active).toBe(false);
    });

    it('introspects and revokes access tokens (RFC 7662 / RFC 7009)', async () => {
      const { tokens } = await login(rp, player);
      const before = await client.tokenIntrospection(rp, tokens.access_token);
      expect(before.active).toBe(true);
      expect(before.sub).toBe(tokens.claims()!.sub);
      expect(before.client_id).toBe(rp.clientMetadata().client_id);
      await client.tokenRevocation(rp, tokens.access_token);
      const after = await client.tokenIntrospection(rp, tokens.access_token);
      expect(after.active).toBe(false);
      await expect(client.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub)).rejects.toBeTruthy();
    });

    it('revoking a refresh token ends its grant', async () => {
      const { tokens } = await login(rp, player);
      await client.tokenRevocation(rp, tokens.refresh_token!);
      await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect((await client.tokenIntrospection(rp, tokens.access_token)).active).toBe(false);
    });

    it('ends the session with RP-initiated logout', async () => {
      const { tokens, agent } = await login(rp, player);
      const endUrl = client.buildEndSessionUrl(rp, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: 'http://127.0.0.1:8765/logged-out',
        state: 'bye',
      });
      const confirm = await agent.follow(endUrl.href, 'http://127.0.0.1:8765/logged-out');
      const page = await confirm.res.text();
      expect(page).toContain('Yes, sign me out');
      const xsrf = page.match(/name="xsrf" value="([^"]+)"/)![1]!;
      const action = page.match(/action="([^"]+)"/)![1]!;
      const done = await agent.follow(new URL(action, app.url).href, 'http://127.0.0.1:8765/logged-out', {
        form: { xsrf, logout: 'yes' },
      });
      expect(done.url).toBe('http://127.0.0.1:8765/logged-out?state=bye');
      // The browser session is gone: a new authorization request asks for the password again.
      const again = client.buildAuthorizationUrl(rp, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const next = await agent.follow(again.href, REDIRECT_URI);
      expect(await next.res.text()).toContain('>Sign in</button>');
    });

    it('issues client_credentials tokens to a service client', async () => {
      const service = await app.pitboss.clients.create({
        name: 'Wallet Service',
        redirectUris: [],
        grantTypes: ['client_credentials'],
        scope: 'email',
      });
      const svc = await discover(app.url, service.clientId, service.clientSecret);
      const tokens = await client.clientCredentialsGrant(svc, { scope: 'email' });
      expect(tokens.token_type.toLowerCase()).toBe('bearer');
      const info = await client.tokenIntrospection(svc, tokens.access_token);
      expect(info.active).toBe(true);
      expect(info.client_id).toBe(service.clientId);
      expect(info.scope).toBe('email');
    });

    it('rejects a wrong password with a generic message and no account enumeration', async () => {
      const agent = new UserAgent();
      const authUrl = client.buildAuthorizationUrl(rp, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const attempt = async (email: string) => {
        const start = await agent.follow(authUrl.href, REDIRECT_URI);
        const page = await start.res.text();
        const res = await agent.request(new URL(formAction(page, 'Sign in'), start.url).href, {
          form: { csrf: hiddenInput(page, 'csrf'), email, password: 'wrong password!' },
        });
        return { status: res.status, body: await res.text() };
      };
      const known = await attempt(player.email);
      const unknown = await attempt('nobody-here@example.com');
      expect(known.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(known.body).toContain('Invalid email or password');
      expect(unknown.body).toContain('Invalid email or password');
    });

    it('rejects a login form post without the CSRF token', async () => {
      const agent = new UserAgent();
      const authUrl = client.buildAuthorizationUrl(rp, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const start = await agent.follow(authUrl.href, REDIRECT_URI);
      const page = await start.res.text();
      const res = await agent.request(new URL(formAction(page, 'Sign in'), start.url).href, {
        form: { csrf: 'forged', ...player },
      });
      expect(res.status).toBe(403);
    });
  });
}
