import type * as client from 'openid-client';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../test/helpers/app.ts';
import { discover } from '../test/helpers/oidc-flow.ts';
import { launchChromium, startLobby } from './browser.ts';
import { checkPage } from './page-check.ts';
import { enterPassword, startAuthorization } from './player-steps.ts';

// Pages are checked with axe-core and screenshotted at two widths: slow on a loaded machine.
describe('player sets up and uses two-step verification in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let app: RunningPitboss;
  let lobby: Awaited<ReturnType<typeof startLobby>> | undefined;
  let redirectUri: string;
  let rp: client.Configuration;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'e2e-mfa@example.com', password: 'a long enough password' };

  beforeAll(async () => {
    app = await startTestPitboss();
    cleanups.unshift(() => app.close());
    lobby = await startLobby();
    redirectUri = lobby.redirectUri;
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({
      name: 'Roulette Royale',
      redirectUris: [redirectUri],
    });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  /** Starts a sign-in at the RP's authorization URL; returns a function that redeems the code. */
  async function startSignIn(page: Page) {
    const redeem = await startAuthorization(page, rp, redirectUri);
    await enterPassword(page, player);
    return () => redeem();
  }

  it('enrols on /account, then signs in with password and an authentication code', async () => {
    let context: BrowserContext = await browser.newContext();
    let page = await context.newPage();
    let redeem = await startSignIn(page);
    await page.getByRole('button', { name: 'Allow' }).click();
    expect((await redeem()).claims()!.amr).toEqual(['pwd']);

    await page.goto(`${app.url}/account`);
    await checkPage(page, 'account');
    // Enrolment asks the password (or a current code) again first: a session cookie alone is not enough.
    await page.getByLabel('Password or current code to set up two-step verification').fill(player.password);
    await page.getByRole('button', { name: 'Set up two-step verification' }).click();
    await expect(page.getByRole('img', { name: /QR code/ }).isVisible()).resolves.toBe(true);
    await checkPage(page, 'account-mfa-enrol');
    // A phone cannot scan its own screen: the secret is a link into the authenticator app too.
    const link = await page.getByRole('link', { name: /authenticator app/ }).getAttribute('href');
    expect(new URL(link!).protocol).toBe('otpauth:');
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Authentication code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Verify' }).click();
    const codes = await page
      .getByRole('list', { name: 'Recovery codes' })
      .getByRole('listitem')
      .allTextContents();
    expect(codes).toHaveLength(10);
    await checkPage(page, 'account-recovery-codes');
    await context.close();

    // A new browser: password, then the MFA page with its labelled field.
    context = await browser.newContext();
    page = await context.newPage();
    redeem = await startSignIn(page);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await checkPage(page, 'mfa');
    await page.getByLabel('Authentication code').fill('12ab');
    await page.getByRole('button', { name: 'Verify' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('That code did not work');
    await page
      .getByLabel('Authentication code')
      .fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    const claims = (await redeem()).claims()!;
    expect(claims.amr).toEqual(['pwd', 'otp']);
    expect(claims.acr).toBe('urn:pitboss:acr:mfa');

    // Turning TOTP off needs the password or a current code; a recovery code counts as one.
    await page.goto(`${app.url}/account`);
    await page.getByLabel('Password or current code to turn off two-step verification').fill('000000');
    await page.getByRole('button', { name: 'Turn off two-step verification' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('That password or code is not correct');
    await page.getByLabel('Password or current code to turn off two-step verification').fill(codes[0]!);
    await page.getByRole('button', { name: 'Turn off two-step verification' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Two-step verification is off.');

    await page.getByLabel('Current password').fill(player.password);
    await page.getByLabel('New password').fill('another long password');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Your password has been changed.');
    const account = await app.pitboss.accounts.authenticate(player.email, 'another long password');
    expect(account?.sessionVersion).toBe(2);
    await context.close();
  });
});
