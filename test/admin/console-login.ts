import {
  ADMIN_CLIENT_ID,
  ADMIN_SCOPE_REQUEST,
  adminClientSecret,
  adminRedirectUri,
  MFA_ACR,
} from '../../server/admin/ui/admin-client.ts';
import { type RunningPitboss, TEST_COOKIE_KEYS } from '../helpers/app.ts';
import { discover, login } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';
import { unusedCode } from '../mfa/journey.ts';

type Fixture = { app: RunningPitboss };

interface Credentials {
  email: string;
  password: string;
  /** TOTP secret: answer the two-step verification page with a current code. */
  secret?: string;
}

/**
 * Signs in to /admin through the real login, MFA and consent pages; returns the last page reached.
 * `tamper` may rewrite the authorization URL the console redirects to (an attacker dropping acr_values).
 */
export async function consoleLogin(
  f: Fixture,
  { secret, ...credentials }: Credentials,
  options: { agent?: UserAgent; tamper?: (auth: URL) => void } = {},
) {
  const agent = options.agent ?? new UserAgent();
  const start = await agent.request(`${f.app.url}/admin/login`);
  const auth = new URL(start.headers.get('location')!, f.app.url);
  options.tamper?.(auth);
  let step = await agent.follow(auth.href, 'never:');
  let page = await step.res.text();
  const submit = async (button: string, form: Record<string, string> = {}) => {
    step = await agent.follow(new URL(formAction(page, button), step.url).href, 'never:', {
      form: { csrf: hiddenInput(page, 'csrf'), ...form },
    });
    page = await step.res.text();
  };
  await submit('Sign in', credentials);
  if (secret && page.includes('<label for="code">Authentication code</label>')) {
    await submit('Verify', { code: await unusedCode(secret) });
  }
  if (page.includes('>Allow</button>')) await submit('Allow');
  return { agent, status: step.res.status, url: step.url, page };
}

/**
 * An access token of the admin console's own client (`pitboss-admin`, its secret derived from the cookie
 * keys as the server does), obtained the way the console does: code + PKCE with acr_values mfa through the
 * real login, two-step verification and consent pages. `acrValues: null` leaves acr_values out (a
 * password-only sign-in for an account without a second factor).
 */
export async function consoleToken(
  app: RunningPitboss,
  { secret, ...credentials }: Credentials,
  options: { agent?: UserAgent; cookieKeys?: string; acrValues?: string | null } = {},
): Promise<string> {
  const keys = (options.cookieKeys ?? TEST_COOKIE_KEYS).split(',');
  const consoleClient = await discover(app.url, ADMIN_CLIENT_ID, adminClientSecret(keys));
  const acr = options.acrValues === undefined ? MFA_ACR : options.acrValues;
  const { tokens } = await login(consoleClient, credentials, {
    scope: ADMIN_SCOPE_REQUEST,
    redirectUri: adminRedirectUri(app.url),
    agent: options.agent,
    extra: acr ? { acr_values: acr } : {},
    totp: secret ? () => unusedCode(secret) : undefined,
  });
  return tokens.access_token;
}
