import * as client from 'openid-client';
import { CATALOGS, isLocale } from '../../views/i18n/catalogs.ts';
import { formAction, hiddenInput, UserAgent } from './user-agent.ts';

export const REDIRECT_URI = 'http://127.0.0.1:8765/callback';

/** An openid-client Configuration for a registered client against a Pitboss issuer over plain http. */
export async function discover(
  issuer: string,
  clientId: string,
  clientSecret?: string,
): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), clientId, clientSecret, clientSecret ? undefined : client.None(), {
    execute: [client.allowInsecureRequests],
  });
}

/**
 * Drives a full authorization code + PKCE login through the real login, MFA (with `totp`) and consent pages
 * with a cookie keeping user agent, and exchanges the code with openid-client. Returns the tokens and the agent.
 * `extra` adds authorization parameters (acr_values; `ui_locales` also picks the buttons' language).
 */
export async function login(
  config: client.Configuration,
  credentials: { email: string; password: string },
  options: {
    scope?: string;
    agent?: UserAgent;
    redirectUri?: string;
    extra?: Record<string, string>;
    /** Answers the two-step verification page (a code the server has not seen yet). */
    totp?: () => Promise<string>;
  } = {},
) {
  const agent = options.agent ?? new UserAgent();
  const redirectUri = options.redirectUri ?? REDIRECT_URI;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: options.scope ?? 'openid email offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    prompt: 'consent',
    ...options.extra,
  });
  let step = await agent.follow(authUrl.href, redirectUri);
  const locale = options.extra?.ui_locales;
  const m = CATALOGS[isLocale(locale) ? locale : 'en'];
  const [signIn, verify, allow] = [m['login.submit'], m['mfa.verify'], m['consent.allow']];
  // Each page once at most: the password, the second factor, the consent.
  for (const button of [signIn, verify, allow]) {
    if (step.url.startsWith(redirectUri)) break;
    const page = await step.res.clone().text();
    if (!page.includes(`>${button}</button>`)) continue;
    const form: Record<string, string> =
      button === signIn
        ? credentials
        : button === verify && options.totp
          ? { code: await options.totp() }
          : {};
    if (button === verify && !options.totp) break;
    step = await agent.follow(new URL(formAction(page, button), step.url).href, redirectUri, {
      form: { csrf: hiddenInput(page, 'csrf'), ...form },
    });
  }
  if (!step.url.startsWith(redirectUri))
    throw new Error(`login did not reach the RP; last status ${step.res.status}`);
  const tokens = await client.authorizationCodeGrant(config, new URL(step.url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  return { tokens, agent, redirectUri };
}
