import * as client from 'openid-client';
import type { Page } from 'playwright-core';

/** A date of birth `years` (and `days`) ago, as the registration form's date field takes it. */
export function yearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Fills the registration form (English labels) and presses Create account. */
export async function fillRegistration(
  page: Page,
  fields: { email: string; password: string; dob: string; terms?: boolean },
): Promise<void> {
  await page.getByLabel('Email').fill(fields.email);
  await page.getByLabel('Password').fill(fields.password);
  await page.getByLabel('Date of birth').fill(fields.dob);
  if (fields.terms !== false) await page.getByLabel('I accept the terms').check();
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Types the player's email and password on the login page and presses Sign in. */
export async function enterPassword(page: Page, player: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(player.email);
  await page.getByLabel('Password').fill(player.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Stands in for a race's losers, which would otherwise reject unheard when their page closes. */
const never = new Promise<never>(() => undefined);

/** How `redeem` treats the consent page: press Allow, press it if it comes (consent is asked once), or not. */
export type ConsentStep = 'allow' | 'if-asked' | 'none';

/**
 * Opens an authorization request (code + PKCE S256 + state, built by openid-client) in `page`; returns
 * `redeem`, which waits until the browser is back at `redirectUri` and exchanges the code as the RP.
 */
export async function startAuthorization(
  page: Page,
  rp: client.Configuration,
  redirectUri: string,
  params: Record<string, string> = {},
) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: redirectUri,
    scope: 'openid email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...params,
  });
  await page.goto(url.href);
  const atRp = (u: URL) => u.href.startsWith(redirectUri);
  /** `allowLabel`: the Allow button in the page's language. */
  return async function redeem(consent: ConsentStep = 'none', allowLabel = 'Allow') {
    const allow = page.getByRole('button', { name: allowLabel });
    if (consent === 'allow') await allow.click();
    if (consent === 'if-asked') {
      await Promise.race(
        [allow.waitFor().then(() => allow.click()), page.waitForURL(atRp)].map((p) => p.catch(() => never)),
      );
    }
    await page.waitForURL(atRp);
    return client.authorizationCodeGrant(rp, new URL(page.url()), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
  };
}
