import * as client from 'openid-client';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

/**
 * Starts a sign-in for `config` in a fresh browser and posts the login form with `password`; returns the status,
 * the page and where the browser ended up (the RP callback with a code, or a page). `params` go on the
 * authorization request (ui_locales); `button` is the Sign in button's label in that language.
 */
export async function tryLogin(
  config: client.Configuration,
  email: string,
  password: string,
  options: { params?: Record<string, string>; button?: string } = {},
) {
  const agent = new UserAgent();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
    ...options.params,
  });
  const start = await agent.follow(url.href, REDIRECT_URI);
  const page = await start.res.text();
  const step = await agent.follow(
    new URL(formAction(page, options.button ?? 'Sign in'), start.url).href,
    REDIRECT_URI,
    {
      form: { csrf: hiddenInput(page, 'csrf'), email, password },
    },
  );
  const reachedRp = step.url.startsWith(REDIRECT_URI);
  return {
    status: step.res.status,
    page: reachedRp ? '' : await step.res.text(),
    code: reachedRp ? new URL(step.url).searchParams.get('code') : null,
  };
}
