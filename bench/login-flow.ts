import * as client from 'openid-client';
import { discover, login, REDIRECT_URI } from '../test/helpers/oidc-flow.ts';
import { hiddenInput, UserAgent } from '../test/helpers/user-agent.ts';
import { RP_SCOPE, type Seed } from './seed.ts';

export type ServerKind = 'pitboss' | 'baseline';

export interface LoginTokens {
  accessToken: string;
  refreshToken: string;
}

/** One complete authorization code + PKCE login over HTTP (pages, consent, code exchange); returns its tokens. */
export type LoginFn = (player: { email: string; password: string }) => Promise<LoginTokens>;

/** A login driver for a server: Pitboss's own pages, or the quick-start's development interactions. */
export async function loginDriver(kind: ServerKind, issuer: string, seed: Seed): Promise<LoginFn> {
  const config = await discover(issuer, seed.rp.clientId, seed.rp.clientSecret);
  if (kind === 'pitboss') {
    return async (player) => {
      const { tokens } = await login(config, player);
      return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token! };
    };
  }
  return (player) => devInteractionLogin(config, player.email);
}

/** The quick-start's built-in pages: a login form taking any login, then a consent form. */
async function devInteractionLogin(config: client.Configuration, loginName: string): Promise<LoginTokens> {
  const agent = new UserAgent();
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: RP_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
  });
  let step = await agent.follow(authUrl.href, REDIRECT_URI);
  for (let pages = 0; pages < 4 && !step.url.startsWith(REDIRECT_URI); pages++) {
    const page = await step.res.text();
    const action = page.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!action) throw new Error(`baseline login: no form (status ${step.res.status})`);
    const prompt = hiddenInput(page, 'prompt');
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login: loginName, password: 'any' } : { prompt };
    step = await agent.follow(new URL(action.replace(/&amp;/g, '&'), step.url).href, REDIRECT_URI, { form });
  }
  if (!step.url.startsWith(REDIRECT_URI)) throw new Error('baseline login did not reach the RP');
  const tokens = await client.authorizationCodeGrant(config, new URL(step.url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token! };
}
