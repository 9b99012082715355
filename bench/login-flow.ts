import * as client from 'openid-client';
import { generate } from 'otplib';
import { discover, REDIRECT_URI } from '../test/helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../test/helpers/user-agent.ts';
import { RP_SCOPE, type Seed } from './seed.ts';

export type ServerKind = 'pitboss' | 'baseline';

export interface LoginTokens {
  accessToken: string;
  refreshToken: string;
}

/** A player as the login pages see one; `secret` (TOTP) only for enrolled players. */
export interface Player {
  email: string;
  password: string;
  secret?: string;
}

/** One complete authorization code + PKCE login over HTTP (pages, consent, code exchange); returns its tokens. */
export type LoginFn = (player: Player) => Promise<LoginTokens>;

/**
 * A login driver for a server: Pitboss's own pages, or the quick-start's development interactions. With
 * `countRequest`, the quick-start driver calls it once per HTTP request it sends (pages, redirects followed,
 * the code exchange): the quick-start has no /metrics to count them.
 */
export async function loginDriver(
  kind: ServerKind,
  issuer: string,
  seed: Seed,
  countRequest?: () => void,
): Promise<LoginFn> {
  const config = await discover(issuer, seed.rp.clientId, seed.rp.clientSecret);
  if (kind === 'pitboss') return (player) => pitbossLogin(config, player);
  if (countRequest) {
    config[client.customFetch] = (url, options) => {
      countRequest();
      return fetch(url, options as RequestInit);
    };
  }
  const agent = () => (countRequest ? new CountingUserAgent(countRequest) : new UserAgent());
  return (player) => devInteractionLogin(config, player.email, agent());
}

/** A user agent that reports each request it sends (redirects it follows included). */
class CountingUserAgent extends UserAgent {
  constructor(private readonly onRequest: () => void) {
    super();
  }

  override request(...args: Parameters<UserAgent['request']>): Promise<Response> {
    this.onRequest();
    return super.request(...args);
  }
}

/**
 * Pitboss's pages as a player goes through them: Sign in (Email, Password), Verify (Authentication code)
 * when enrolled in TOTP, Allow; then the RP exchanges the code. An `agent` with a session skips sign-in.
 */
export async function pitbossLogin(
  config: client.Configuration,
  player: Player,
  agent = new UserAgent(),
): Promise<LoginTokens> {
  const { url, verifier, state } = await authorizationUrl(config);
  let step = await agent.follow(url, REDIRECT_URI);
  let verified = false;
  for (let pages = 0; pages < 5 && !step.url.startsWith(REDIRECT_URI); pages++) {
    const page = await step.res.text();
    verified ||= page.includes('>Verify</button>');
    const [button, form] = page.includes('>Sign in</button>')
      ? ['Sign in', { email: player.email, password: player.password }]
      : page.includes('>Verify</button>') && player.secret
        ? ['Verify', { code: await generate({ secret: player.secret }) }]
        : page.includes('>Allow</button>')
          ? ['Allow', {}]
          : ['', {}];
    if (!button) throw new Error(`login: unexpected page (status ${step.res.status})`);
    const action = new URL(formAction(page, button), step.url).href;
    step = await agent.follow(action, REDIRECT_URI, { form: { csrf: hiddenInput(page, 'csrf'), ...form } });
  }
  // An enrolled player must have been asked for a code, or this was not the TOTP flow being measured.
  if (player.secret && !verified) throw new Error('login: an enrolled player was not asked for a TOTP code');
  return exchange(config, step.url, verifier, state);
}

/** The quick-start's built-in pages: a login form taking any login, then a consent form. */
async function devInteractionLogin(
  config: client.Configuration,
  loginName: string,
  agent: UserAgent,
): Promise<LoginTokens> {
  const { url, verifier, state } = await authorizationUrl(config);
  let step = await agent.follow(url, REDIRECT_URI);
  for (let pages = 0; pages < 4 && !step.url.startsWith(REDIRECT_URI); pages++) {
    const page = await step.res.text();
    const action = page.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!action) throw new Error(`baseline login: no form (status ${step.res.status})`);
    const prompt = hiddenInput(page, 'prompt');
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login: loginName, password: 'any' } : { prompt };
    step = await agent.follow(new URL(action.replace(/&amp;/g, '&'), step.url).href, REDIRECT_URI, { form });
  }
  return exchange(config, step.url, verifier, state);
}

async function authorizationUrl(config: client.Configuration) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: RP_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
  });
  return { url: url.href, verifier, state };
}

async function exchange(config: client.Configuration, url: string, verifier: string, state: string) {
  if (!url.startsWith(REDIRECT_URI)) throw new Error('login did not reach the RP');
  const tokens = await client.authorizationCodeGrant(config, new URL(url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token! };
}
