import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../test/helpers/app.ts';
import { login } from '../test/helpers/oidc-flow.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../test/helpers/smtp-server.ts';
import { launchChromium } from './browser.ts';
import { checkPage } from './page-check.ts';

// Pages are checked with axe-core and screenshotted at two widths: slow on a loaded machine.
describe('a player resets a forgotten password (Chromium, real SMTP, real RP receiver)', {
  timeout: 180_000,
}, () => {
  let browser: Browser;
  let app: TestPitboss;
  let smtp: TestSmtp;
  let rp: TestRp;
  const player = { email: 'forgetful@example.com', password: 'the old passphrase' };

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestPitboss({ env: { SMTP_URL: smtp.url } });
    rp = await registerRp(app, {
      name: 'Blackjack Studio',
      backchannel: true,
      scope: 'openid email offline_access',
    });
    await app.pitboss.accounts.create(player);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await app?.close();
    await smtp?.stop();
  });

  it('answers alike for unknown addresses, then the link sets a new password and ends every session', async () => {
    // A live session at the RP, with a refresh token, before the reset.
    const { tokens } = await login(rp.config, player);
    const sub = tokens.claims()!.sub;

    const page = await browser.newPage();
    await page.goto(`${app.url}/forgot-password`);
    await checkPage(page, 'forgot-password');
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    const unknown = await page.getByRole('status').textContent();
    await page.goto(`${app.url}/forgot-password`);
    await page.getByLabel('Email').fill(player.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    const known = await page.getByRole('status').textContent();
    expect(known?.replace(player.email, 'nobody@example.com')).toBe(unknown);

    const mail = await smtp.waitFor(sentTo(player.email));
    expect(mail.subject).toBe('Reset your Pitboss password');
    expect(smtp.received.some(sentTo('nobody@example.com'))).toBe(false);
    const link = linkIn(mail, app.url);
    await page.goto(link);
    await checkPage(page, 'reset-password');
    await page.getByLabel('New password').fill('qwertyuiop');
    await page.getByRole('button', { name: 'Set password' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('too common');
    await page.getByLabel('New password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your password has been changed');

    // The old password is refused; the new one works.
    expect(await app.pitboss.accounts.authenticate(player.email, player.password)).toBeUndefined();
    expect(await app.pitboss.accounts.authenticate(player.email, 'a brand new passphrase')).toBeDefined();
    // The old session's refresh token is dead, and the RP was told by back-channel logout for that sid.
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect.poll(() => rp.receiver!.receipts.some((r) => r.sub === sub), { timeout: 20_000 }).toBe(true);
    // The link was single use, and the player was told the password changed.
    await page.goto(link);
    expect(await page.getByRole('alert').textContent()).toContain('not valid');
    const changed = await smtp.waitFor(
      (m) => sentTo(player.email)(m) && m.subject === 'Your Pitboss password was changed',
    );
    expect(linkIn(changed, app.url)).toContain('/forgot-password');
    await page.close();
  });
});
