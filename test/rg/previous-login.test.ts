import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../views/i18n/de.ts';
import { en } from '../../views/i18n/en.ts';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

const minute = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/**
 * A studio's sign-in in `agent` up to the consent page (after the password when asked), then Allow; returns the
 * consent page and the code's redemption by openid-client.
 */
async function signInToConsent(
  rp: TestRp,
  agent: UserAgent,
  player: { email: string; password: string },
  params: Record<string, string> = {},
  labels: { signIn: string; allow: string } = { signIn: en['login.submit'], allow: en['consent.allow'] },
) {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(rp.config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...params,
  });
  let step = await agent.follow(url.href, REDIRECT_URI);
  let page = await step.res.text();
  if (page.includes(`>${labels.signIn}</button>`)) {
    step = await agent.follow(new URL(formAction(page, labels.signIn), step.url).href, REDIRECT_URI, {
      form: { csrf: hiddenInput(page, 'csrf'), ...player },
    });
    page = await step.res.text();
  }
  expect(page).toContain(`>${labels.allow}</button>`);
  step = await agent.follow(new URL(formAction(page, labels.allow), step.url).href, REDIRECT_URI, {
    form: { csrf: hiddenInput(page, 'csrf') },
  });
  const tokens = await client.authorizationCodeGrant(rp.config, new URL(step.url), {
    pkceCodeVerifier: verifier,
  });
  return { consentPage: page, tokens };
}

describe('the previous sign-in time is shown at sign-in (N.J.A.C. 13:69O-1.2(c))', () => {
  let app: TestPitboss;
  let studio: TestRp;
  const player = { email: 'regular@example.com', password: 'a long enough password' };

  beforeAll(async () => {
    app = await startTestPitboss({ redis: false });
    studio = await registerRp(app, { name: 'Roulette Studio', scope: 'openid email' });
    await app.pitboss.accounts.create(player);
  });
  afterAll(async () => {
    await studio?.close();
    await app?.close();
  });

  it('says "first sign-in" the first time, then the time of the one before, on the consent page that follows', async () => {
    const first = await signInToConsent(studio, new UserAgent(), player);
    expect(first.consentPage).toContain('Welcome. This is your first sign-in to this account.');
    const before = new Date();
    await signInToConsent(studio, new UserAgent(), player);
    const after = new Date();

    // A third sign-in shows the second one's time.
    const third = await signInToConsent(studio, new UserAgent(), player);
    const shown = /Your previous sign-in was on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\./.exec(
      third.consentPage,
    );
    expect([minute(before), minute(after)]).toContain(shown?.[1]);
    expect(third.tokens.claims()?.sub).toBeDefined();
  });

  it('in the player language, and not when no sign-in happened in the request (SSO)', async () => {
    const agent = new UserAgent();
    const german = await signInToConsent(
      studio,
      agent,
      player,
      { ui_locales: 'de' },
      { signIn: de['login.submit'], allow: de['consent.allow'] },
    );
    expect(german.consentPage).toMatch(
      /Willkommen zurück\. Deine letzte Anmeldung war am \d{1,2}\. \p{L}+ \d{4} um \d{2}:\d{2} UTC\./u,
    );
    // The same browser asks again (its session signs it in without a password): consent, but no notice.
    const sso = await signInToConsent(studio, agent, player, { prompt: 'consent' });
    expect(sso.consentPage).not.toContain('previous sign-in');
    expect(sso.consentPage).not.toContain('first sign-in');
  });
});
