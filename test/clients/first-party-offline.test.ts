import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

type Send = 'GET /auth' | 'PAR (client_secret_post)' | 'PAR (client_secret_basic)';

describe('first-party apps get a refresh token for offline_access without prompt=consent, however the request is sent', () => {
  let app: TestPitboss;
  let lobby: TestRp;
  let studio: TestRp;
  const player = { email: 'offline@example.com', password: 'a long enough password' };

  beforeAll(async () => {
    app = await startTestPitboss({ redis: false });
    const offline = {
      scope: 'openid email offline_access',
      grantTypes: ['authorization_code', 'refresh_token'],
    };
    lobby = await registerRp(app, { name: 'Lobby', firstParty: true, ...offline });
    studio = await registerRp(app, { name: 'Studio', ...offline });
    await app.pitboss.accounts.create(player);
  });
  afterAll(async () => {
    await lobby?.close();
    await studio?.close();
    await app?.close();
  });

  /** Sends the authorization request as `send` says, signs in (Allow if asked), redeems the code. */
  async function signIn(rp: TestRp, send: Send) {
    const agent = new UserAgent();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const params: Record<string, string> = {
      client_id: rp.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    };
    let start: { res: Response; url: string };
    if (send === 'GET /auth') {
      start = await agent.follow(`${app.url}/auth?${new URLSearchParams(params)}`, REDIRECT_URI);
    } else {
      const basic = send === 'PAR (client_secret_basic)';
      const credentials = Buffer.from(`${rp.clientId}:${rp.clientSecret}`).toString('base64');
      const pushed = await fetch(`${app.url}/request`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(basic ? { authorization: `Basic ${credentials}` } : {}),
        },
        body: new URLSearchParams(basic ? params : { ...params, client_secret: rp.clientSecret! }),
      });
      expect(pushed.status).toBe(201);
      const { request_uri } = (await pushed.json()) as { request_uri: string };
      const query = new URLSearchParams({ client_id: rp.clientId, request_uri });
      start = await agent.follow(`${app.url}/auth?${query}`, REDIRECT_URI);
    }
    let page = await start.res.text();
    let step = await agent.follow(new URL(formAction(page, 'Sign in'), start.url).href, REDIRECT_URI, {
      form: { csrf: hiddenInput(page, 'csrf'), ...player },
    });
    const consented = !step.url.startsWith(REDIRECT_URI);
    if (consented) {
      page = await step.res.text();
      step = await agent.follow(new URL(formAction(page, 'Allow'), step.url).href, REDIRECT_URI, {
        form: { csrf: hiddenInput(page, 'csrf') },
      });
    }
    const tokens = await client.authorizationCodeGrant(rp.config, new URL(step.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    return { tokens, consented };
  }

  for (const send of ['GET /auth', 'PAR (client_secret_post)', 'PAR (client_secret_basic)'] as const) {
    it(`${send}: no consent page, and a refresh token that works`, async () => {
      const { tokens, consented } = await signIn(lobby, send);
      expect(consented).toBe(false);
      expect(tokens.scope?.split(' ')).toContain('offline_access');
      expect(tokens.refresh_token).toBeDefined();
      const refreshed = await client.refreshTokenGrant(lobby.config, tokens.refresh_token!);
      expect(refreshed.access_token).toBeDefined();
    });
  }

  it('a studio (not first-party) is still asked for consent and, without prompt=consent, gets no refresh token', async () => {
    for (const send of ['GET /auth', 'PAR (client_secret_post)'] as const) {
      const { tokens, consented } = await signIn(studio, send);
      expect(consented).toBe(true);
      expect(tokens.refresh_token).toBeUndefined();
    }
  });
});
