import * as client from 'openid-client';
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
 * Drives a full authorization code + PKCE login through the real login and consent pages with a cookie
 * keeping user agent, and exchanges the code with openid-client. Returns the tokens and the agent.
 */
export async function login(
  config: client.Configuration,
  credentials: { email: string; password: string },
  options: { scope?: string; agent?: UserAgent; redirectUri?: string } = {},
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
  });
  let step = await agent.follow(authUrl.href, redirectUri);
  let page = await step.res.text();
  if (page.includes('>Sign in</button>')) {
    step = await agent.follow(new URL(formAction(page, 'Sign in'), step.url).href, redirectUri, {
      form: { csrf: hiddenInput(page, 'csrf'), ...credentials },
    });
    if (!step.url.startsWith(redirectUri)) page = await step.res.text();
  }
  if (!step.url.startsWith(redirectUri) && page.includes('>Allow</button>')) {
    step = await agent.follow(new URL(formAction(page, 'Allow'), step.url).href, redirectUri, {
      form: { csrf: hiddenInput(page, 'csrf') },
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
