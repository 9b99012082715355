import * as client from 'openid-client';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

/** Opens a fresh authorization request in a new agent and returns a function posting the login form. */
export async function openLogin(
  rp: client.Configuration,
  headers: Record<string, string> = {},
): Promise<{
  agent: UserAgent;
  post(credentials: { email: string; password: string }, base?: string): Promise<Response>;
}> {
  const agent = new UserAgent('pitboss-hardening/1.0', headers);
  const authUrl = client.buildAuthorizationUrl(rp, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid email offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
  });
  const start = await agent.follow(authUrl.href, REDIRECT_URI);
  const page = await start.res.text();
  if (!page.includes('>Sign in</button>')) throw new Error(`no login page (status ${start.res.status})`);
  const action = new URL(formAction(page, 'Sign in'), start.url);
  const csrf = hiddenInput(page, 'csrf');
  return {
    agent,
    // `base` lets a test post the same form to another instance (same path, other origin).
    post: (credentials, base) =>
      agent.request(base ? new URL(action.pathname, base).href : action.href, {
        form: { csrf, ...credentials },
      }),
  };
}
