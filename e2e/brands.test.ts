import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../test/helpers/app.ts';
import { sentTo, startSmtp, type TestSmtp } from '../test/helpers/smtp-server.ts';
import { launchChromium, startLobby } from './browser.ts';
import { checkPage } from './page-check.ts';
import { enterPassword, startAuthorization } from './player-steps.ts';

// Pages are checked with axe-core and screenshotted at two widths: slow on a loaded machine.
describe('brands, languages and first-party apps in Chromium', { timeout: 180_000 }, () => {
  let browser: Browser;
  let app: TestPitboss;
  let smtp: TestSmtp;
  let lobby: Awaited<ReturnType<typeof startLobby>>;
  let branded: TestRp;
  let own: TestRp;
  const player = { email: 'brand-player@example.com', password: 'a long enough passphrase' };

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestPitboss({ env: { SMTP_URL: smtp.url } });
    lobby = await startLobby();
    const brand = await app.pitboss.brands.create({
      name: 'Golden Nugget Casino',
      primaryColor: '#f5c518',
      supportUrl: 'https://help.goldennugget.example/',
      minAge: 21,
    });
    branded = await registerRp(app, {
      name: 'Nugget Slots',
      redirectUris: [lobby.redirectUri],
      scope: 'openid email',
      brandId: brand.id,
    });
    own = await registerRp(app, {
      name: 'Casino Lobby',
      redirectUris: [lobby.redirectUri],
      scope: 'openid email offline_access',
      grantTypes: ['authorization_code', 'refresh_token'],
      firstParty: true,
    });
    await app.pitboss.accounts.create(player);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    await branded?.close();
    await own?.close();
    await app?.close();
    await smtp?.stop();
  });

  const authorize = (page: Page, rp: TestRp, params: Record<string, string> = {}) =>
    startAuthorization(page, rp.config, lobby.redirectUri, params);

  it("shows the brand's name, colour and support link, and its higher minimum age", async () => {
    const page = await browser.newPage();
    await authorize(page, branded);
    await page.getByRole('heading', { name: /Golden Nugget Casino.*Sign in/ }).waitFor();
    expect(await page.title()).toBe('Sign in · Golden Nugget Casino');
    const button = page.getByRole('button', { name: 'Sign in', exact: true });
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(245, 197, 24)');
    // A light brand colour gets dark text on its buttons (contrast), which axe checks below.
    expect(await button.evaluate((b) => getComputedStyle(b).color)).toBe('rgb(0, 0, 0)');
    expect(await page.getByRole('link', { name: 'Help and support' }).getAttribute('href')).toBe(
      'https://help.goldennugget.example/',
    );
    expect(await page.getByText('21+ · Play responsibly').isVisible()).toBe(true);
    await checkPage(page, 'brand-login');
    await page.getByRole('link', { name: 'Create account' }).click();
    const twenty = new Date();
    twenty.setUTCFullYear(twenty.getUTCFullYear() - 20);
    await page.getByLabel('Email').fill('young@example.com');
    await page.getByLabel('Password').fill('a fine long passphrase');
    await page.getByLabel('Date of birth').fill(twenty.toISOString().slice(0, 10));
    await page.getByLabel('I accept the terms').check();
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await page.getByRole('alert').textContent()).toBe(
      'You must be at least 21 years old to create an account.',
    );
    await checkPage(page, 'brand-register');
    await page.close();
  });

  it('speaks German when the app asks with ui_locales, in the page and in its mail', async () => {
    const page = await browser.newPage();
    await authorize(page, branded, { ui_locales: 'de' });
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.getByLabel('E-Mail').fill(player.email);
    await page.getByLabel('Passwort').fill('wrong');
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toBe('E-Mail oder Passwort ist falsch');
    await checkPage(page, 'login-de');
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await page.getByLabel('E-Mail').fill(player.email);
    await page.getByRole('button', { name: 'Link zum Zurücksetzen senden' }).click();
    await page.getByRole('status').waitFor();
    await checkPage(page, 'forgot-password-de');
    const mail = await smtp.waitFor(sentTo(player.email));
    expect(mail.subject).toBe('Setze dein Golden Nugget Casino-Passwort zurück');
    expect(mail.text).toContain('Ab 21 · Spiele verantwortungsvoll');
    await page.close();
  });

  it('speaks Swedish to a Swedish browser (Accept-Language)', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${app.url}/register`);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await page.title()).toBe('Skapa konto · Pitboss');
    await page.getByLabel('Födelsedatum').waitFor();
    await page.getByLabel('Jag godkänner villkoren').waitFor();
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Ange en giltig e-postadress.');
    await checkPage(page, 'register-sv');
    await context.close();
  });

  it('signs in to a first-party app without a consent page, with a refresh token for offline_access', async () => {
    const page = await browser.newPage();
    const redeem = await authorize(page, own, { scope: 'openid email offline_access' });
    await enterPassword(page, player);
    const tokens = await redeem();
    expect(tokens.scope?.split(' ').sort()).toEqual(['email', 'offline_access', 'openid']);
    expect(tokens.refresh_token).toBeTruthy();
    expect((await client.refreshTokenGrant(own.config, tokens.refresh_token!)).access_token).toBeTruthy();

    // The back button after the finished sign-in takes the signed-in player back to the app, not an error.
    await page.goBack();
    await page.waitForURL((u) => u.href.startsWith(new URL(lobby.redirectUri).origin));
    expect(await page.getByRole('heading').textContent()).toBe('Welcome back');
    await page.close();
  });

  it('opens /account on its own: a sign-in starts and comes back, in the language asked for', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/account?ui_locales=sv`);
    await page.getByLabel('E-post').fill(player.email);
    await page.getByLabel('Lösenord').fill(player.password);
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.waitForURL(`${app.url}/account?ui_locales=sv`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Ditt konto');
    expect(await page.getByLabel('Nuvarande lösenord').isVisible()).toBe(true);
    await checkPage(page, 'account-sv');
    await page.close();
  });
});
