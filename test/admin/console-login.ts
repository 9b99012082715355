import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';
import { totpCode } from '../mfa/journey.ts';
import type { adminFixture } from './admin-fixture.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

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
    await submit('Verify', { code: await totpCode(secret) });
  }
  if (page.includes('>Allow</button>')) await submit('Allow');
  return { agent, status: step.res.status, url: step.url, page };
}
