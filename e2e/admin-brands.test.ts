import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFixture } from '../test/admin/admin-fixture.ts';
import { launchChromium } from './browser.ts';
import { consoleSignIn } from './console-sign-in.ts';
import { checkPage } from './page-check.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

// Pages are checked with axe-core and screenshotted at two widths: slow on a loaded machine.
describe('console brands and the player responsible-gambling section in Chromium', {
  timeout: 180_000,
}, () => {
  let browser: Browser;
  let f: Fixture;
  beforeAll(async () => {
    f = await adminFixture();
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('an admin adds and edits a brand; the pages pass axe at 1280 and 390 px', async () => {
    const page = await browser.newPage();
    await consoleSignIn(page, f, await f.newMfaAdmin('e2e-brands'));
    await page.getByRole('link', { name: 'Brands' }).click();
    await page.getByRole('heading', { name: 'Add a brand' }).waitFor();
    await checkPage(page, 'admin-brands');

    await page.getByLabel('Name').fill('Silver Stallion');
    await page.getByLabel('Primary colour').fill('#5a2d82');
    await page.getByLabel('Minimum age').fill('21');
    await page.getByLabel('Default language').selectOption('de');
    await page.getByRole('button', { name: 'Add brand' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Brand saved');
    await checkPage(page, 'admin-brand');

    await page.getByLabel('Name').fill('Silver Stallion Casino');
    await page.getByLabel('Support link').fill('https://help.example.com/stallion');
    await page.getByLabel('Reason (optional, kept in the audit trail)').fill('launch');
    await page.getByRole('button', { name: 'Save brand' }).click();
    await page.getByRole('heading', { name: 'Silver Stallion Casino', level: 1 }).waitFor();
    const [brand] = (await f.app.pitboss.brands.list()).filter((b) => b.name === 'Silver Stallion Casino');
    expect(brand).toMatchObject({ primaryColor: '#5a2d82', minAge: 21, defaultLocale: 'de' });
    expect(brand!.supportUrl).toBe('https://help.example.com/stallion');

    await page.close();
  });

  it("the player page's Responsible gambling section passes axe", async () => {
    const player = await f.newPlayer('e2e-rg');
    const by = { surface: 'admin_api' as const, id: f.admin.id, kind: 'user' as const, reason: 'e2e' };
    await f.app.pitboss.commands.setLimits(player.id, { sessionMinutes: 30 }, by);
    const page = await browser.newPage();
    await consoleSignIn(page, f, await f.newMfaAdmin('e2e-rg-admin'));
    await page.goto(`${f.app.url}/admin/players/${player.id}`);
    await page.getByRole('heading', { name: 'Responsible gambling' }).waitFor();
    expect(await page.locator('section[aria-labelledby="rg-heading"]').textContent()).toContain('30 minutes');
    await checkPage(page, 'admin-player');
    await page.close();
  });
});
