import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../test/helpers/app.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../test/helpers/smtp-server.ts';
import { launchChromium, startLobby } from './browser.ts';
import { checkPage } from './page-check.ts';
import { enterPassword, fillRegistration, startAuthorization, yearsAgo } from './player-steps.ts';

// Pages are checked with axe-core and screenshotted at two widths: slow on a loaded machine.
describe('a new player registers, verifies the email and signs in (Chromium, real SMTP)', {
  timeout: 180_000,
}, () => {
  let browser: Browser;
  let app: TestPitboss;
  let smtp: TestSmtp;
  let lobby: Awaited<ReturnType<typeof startLobby>>;
  let rp: TestRp;

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestPitboss({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Casino <no-reply@casino.test>' } });
    lobby = await startLobby();
    rp = await registerRp(app, {
      name: 'Roulette Royale',
      redirectUris: [lobby.redirectUri],
      scope: 'openid email',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    await rp?.close();
    await app?.close();
    await smtp?.stop();
  });

  const authorize = (page: Page) => startAuthorization(page, rp.config, lobby.redirectUri);

  it('refuses bad input and anyone under 18 (naming the age), then registers an adult from the login page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const redeem = await authorize(page);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    const loginUrl = page.url();
    await page.getByRole('link', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    expect(await page.getByLabel('Date of birth').getAttribute('type')).toBe('date');
    await checkPage(page, 'register');

    await fillRegistration(page, {
      email: 'not-an-email',
      password: 'a fine long passphrase',
      dob: yearsAgo(30),
    });
    expect(await page.getByRole('alert').textContent()).toBe('Enter a valid email address.');
    await fillRegistration(page, { email: 'newbie@example.com', password: 'password123', dob: yearsAgo(30) });
    expect(await page.getByRole('alert').textContent()).toContain('too common');
    await fillRegistration(page, {
      email: 'newbie@example.com',
      password: 'a fine long passphrase',
      dob: yearsAgo(30),
      terms: false,
    });
    expect(await page.getByRole('alert').textContent()).toContain('accept the terms');
    await fillRegistration(page, {
      email: 'newbie@example.com',
      password: 'a fine long passphrase',
      dob: yearsAgo(18, 1),
    });
    expect(await page.getByRole('alert').textContent()).toBe(
      'You must be at least 18 years old to create an account.',
    );
    await checkPage(page, 'register-underage');
    expect(await app.pitboss.accounts.findByEmail('newbie@example.com')).toBeUndefined();

    await fillRegistration(page, {
      email: 'Newbie@Example.com',
      password: 'a fine long passphrase',
      dob: yearsAgo(18),
    });
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await checkPage(page, 'register-check-email');

    // Signing in before verifying: refused with a resend offer (REQUIRE_EMAIL_VERIFICATION defaults on).
    await page.goto(loginUrl);
    await enterPassword(page, { email: 'newbie@example.com', password: 'a fine long passphrase' });
    expect(await page.getByRole('alert').textContent()).toContain('Confirm your email address');
    await checkPage(page, 'login-unverified');
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await page.getByRole('status').waitFor();
    await expect
      .poll(() => smtp.received.filter(sentTo('newbie@example.com')).length, { timeout: 20_000 })
      .toBe(2);

    // The first link was replaced by the second; the second verifies once and continues the sign-in.
    const [first, second] = smtp.received.filter(sentTo('newbie@example.com'));
    expect(first!.subject).toBe('Confirm your email address for Pitboss');
    await page.goto(linkIn(first!, app.url));
    expect(await page.getByRole('alert').textContent()).toContain('not valid');
    await page.goto(linkIn(second!, app.url));
    expect(await page.getByRole('status').textContent()).toBe('Your email address is confirmed.');
    await checkPage(page, 'verify-email');
    const continueUrl = await page.getByRole('link', { name: 'Continue to sign in' }).getAttribute('href');
    await page.goto(linkIn(second!, app.url));
    expect(await page.getByRole('alert').textContent()).toContain('not valid');
    await page.goto(continueUrl!);
    await enterPassword(page, { email: 'newbie@example.com', password: 'a fine long passphrase' });
    await page.getByRole('button', { name: 'Allow' }).click();
    const tokens = await redeem();
    expect(tokens.claims()).toMatchObject({ email: 'newbie@example.com', email_verified: true });
    const info = await client.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub);
    expect(info.email_verified).toBe(true);
    await context.close();
  });

  it('answers an already registered address exactly like a new one, and tells its owner by mail', async () => {
    await app.pitboss.accounts.create({ email: 'taken@example.com', password: 'an existing passphrase' });
    const page = await browser.newPage();
    await page.goto(`${app.url}/register`);
    await fillRegistration(page, {
      email: 'taken@example.com',
      password: 'another fine passphrase',
      dob: yearsAgo(40),
    });
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const taken = await page.getByRole('status').textContent();
    await page.goto(`${app.url}/register`);
    await fillRegistration(page, {
      email: 'fresh@example.com',
      password: 'another fine passphrase',
      dob: yearsAgo(40),
    });
    expect((await page.getByRole('status').textContent())?.replace('fresh', 'taken')).toBe(taken);
    const mail = await smtp.waitFor(sentTo('taken@example.com'));
    expect(mail.subject).toBe('Someone tried to register with your email address at Pitboss');
    expect(linkIn(mail, app.url)).toContain('/forgot-password');
    expect(
      await app.pitboss.accounts.authenticate('taken@example.com', 'an existing passphrase'),
    ).toBeDefined();
    await page.close();
  });
});
