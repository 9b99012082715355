import * as client from 'openid-client';
import { generate } from 'otplib';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

/** The current TOTP code for a secret, or the one `offsetSteps` steps away (within the ±1 drift window). */
export function totpCode(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** Time steps whose code was already handed out, per secret (the server accepts each step's code once). */
const spent = new Map<string, Set<number>>();

/**
 * A code the server has not seen yet for this secret: the current step's, else the next one's (inside the
 * drift window), else waits for the next step. For tests that sign one account in several times.
 */
export async function unusedCode(secret: string): Promise<string> {
  const used = spent.get(secret) ?? new Set<number>();
  spent.set(secret, used);
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const step = [now, now + 1].find((s) => !used.has(s));
    if (step !== undefined) {
      used.add(step);
      return generate({ secret, epoch: step * 30 });
    }
    await new Promise((resolve) => setTimeout(resolve, (now + 1) * 30_000 - Date.now() + 50));
  }
}

/** The `_session` cookie value (the oidc-provider session id) an agent holds. */
export function sessionId(agent: UserAgent): string | undefined {
  return (agent as unknown as { cookies: Map<string, { value: string }> }).cookies.get('_session')?.value;
}

/**
 * One authorization request driven page by page over HTTP with a cookie-keeping agent, openid-client as
 * the RP. Each step submits the form whose button has the given text on the current page.
 */
export class Journey {
  page = '';
  url = '';
  status = 0;
  private constructor(
    readonly rp: client.Configuration,
    readonly agent: UserAgent,
    private readonly verifier: string,
    private readonly state: string,
  ) {}

  static async start(rp: client.Configuration, agent = new UserAgent(), extra: Record<string, string> = {}) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const journey = new Journey(rp, agent, verifier, state);
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...extra,
    });
    await journey.go(() => agent.follow(url.href, REDIRECT_URI));
    return journey;
  }

  /** The browser is back at the RP (with a code or an error). */
  get done(): boolean {
    return this.url.startsWith(REDIRECT_URI);
  }

  private async go(step: () => Promise<{ res: Response; url: string }>) {
    const { res, url } = await step();
    this.url = url;
    this.status = res.status;
    this.page = this.done ? '' : await res.text();
  }

  /** Submits the form with this button, with the page's CSRF token. */
  async submit(button: string, form: Record<string, string> = {}): Promise<this> {
    const action = new URL(formAction(this.page, button), this.url).href;
    await this.go(() =>
      this.agent.follow(action, REDIRECT_URI, { form: { csrf: hiddenInput(this.page, 'csrf'), ...form } }),
    );
    return this;
  }

  signIn(credentials: { email: string; password: string }) {
    return this.submit('Sign in', credentials);
  }

  verify(code: string) {
    return this.submit('Verify', { code });
  }

  /** Consents if asked, then exchanges the code for tokens. */
  async tokens() {
    if (!this.done && this.page.includes('>Allow</button>')) await this.submit('Allow');
    if (!this.done) throw new Error(`not back at the RP (status ${this.status}): ${this.page.slice(0, 300)}`);
    return client.authorizationCodeGrant(this.rp, new URL(this.url), {
      pkceCodeVerifier: this.verifier,
      expectedState: this.state,
    });
  }

  /** The OAuth error the RP received, if the journey ended with one. */
  get error(): string | null {
    return this.done ? new URL(this.url).searchParams.get('error') : null;
  }
}
