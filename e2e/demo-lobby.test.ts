import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPitboss, type TestPitboss } from '../test/helpers/app.ts';
import { launchChromium } from './browser.ts';
import { checkPage } from './page-check.ts';

// Pages are checked with axe-core and screenshotted at two widths: slow on a loaded machine.
describe('the demo casino lobby (development)', { timeout: 180_000 }, () => {
  let browser: Browser;
  let app: TestPitboss;
  const player = { email: 'demo-player@example.com', password: 'a long enough passphrase' };

  beforeAll(async () => {
    app = await startTestPitboss({ env: { DEMO_LOBBY: 'true' } });
    await app.pitboss.accounts.create(player);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs in through Pitboss without consent, shows the claims, refreshes, streams events and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/demo`);
    await checkPage(page, 'demo-signed-out');
    await page.getByRole('link', { name: 'Sign in with Pitboss' }).click();
    await page.getByLabel('Email').fill(player.email);
    await page.getByLabel('Password').fill(player.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/demo`);
    expect(await page.getByRole('status').textContent()).toContain(player.email);
    const account = await app.pitboss.accounts.findByEmail(player.email);
    // The ID token's claims, as the app received and verified them.
    const claim = (name: string) =>
      page.locator('dt', { hasText: name }).locator('xpath=following-sibling::dd[1]');
    expect(await claim('sub').textContent()).toBe(JSON.stringify(account!.id));
    expect(await claim('email_verified').textContent()).toBe('true');
    await page
      .getByTestId('events')
      .getByText('listening')
      .or(page.getByText('unavailable'))
      .first()
      .waitFor();
    await checkPage(page, 'demo-signed-in');

    await page.getByRole('button', { name: 'Refresh tokens' }).click();
    expect(await page.getByTestId('refresh-count').textContent()).toBe('1');

    await page.getByRole('button', { name: 'Sign out' }).click();
    // RP-initiated logout names the app the player is leaving.
    await page.getByRole('heading', { name: 'Sign out of Pitboss demo casino?' }).waitFor();
    await checkPage(page, 'logout');
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('link', { name: 'Sign in with Pitboss' }).waitFor();
    expect(page.url()).toBe(`${app.url}/demo`);
    await page.close();
  });

  it('is off unless asked for, and refused in production', async () => {
    const other = await startTestPitboss({ redis: false });
    expect((await fetch(`${other.url}/demo`)).status).toBe(404);
    await other.close();
  });
});
