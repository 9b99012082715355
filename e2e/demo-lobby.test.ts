import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPitboss, type TestPitboss } from '../test/helpers/app.ts';
import { launchChromium } from './browser.ts';
import { checkPage } from './page-check.ts';
import { enterPassword } from './player-steps.ts';

// Pages are checked with axe-core and screenshotted at two widths: slow on a loaded machine.
describe('the demo casino lobby (development)', { timeout: 180_000 }, () => {
  let browser: Browser;
  let app: TestPitboss;
  const player = { email: 'demo-player@example.com', password: 'a long enough passphrase' };

  beforeAll(async () => {
    // Warnings two minutes ahead, so a 2-minute limit on an aged session warns at once.
    app = await startTestPitboss({ env: { DEMO_LOBBY: 'true', RG_WARNING_BEFORE: '120' } });
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
    await enterPassword(page, player);
    await page.waitForURL(`${app.url}/demo`);
    expect(await page.getByRole('status').first().textContent()).toContain(player.email);
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

  it('shows the previous sign-in, the live warnings and reality checks, and signs out when Pitboss ends the session', async () => {
    const live = { email: 'live-player@example.com', password: 'a long enough passphrase' };
    const account = await app.pitboss.accounts.create(live);
    const signIn = async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${app.url}/demo`);
      await page.getByRole('link', { name: 'Sign in with Pitboss' }).click();
      await enterPassword(page, live);
      await page.waitForURL(`${app.url}/demo`);
      return { context, page };
    };
    const first = await signIn();
    await first.page.getByText('Welcome. This is your first sign-in to this account.').waitFor();
    await first.context.close();
    const { context, page } = await signIn();
    await page
      .getByText(/^Welcome back\. Your previous sign-in was on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/)
      .waitFor();
    await page.getByTestId('events').getByText('listening').waitFor();

    // Play started 40 s ago (the sessions' login times moved back, as the clock would have done it); the
    // first device's session, a few seconds older, anchors the reality check: due in under 20 s.
    const provider = app.pitboss.live.current();
    for (const { uid } of await app.pitboss.sessionIndex.list(account.id)) {
      const session = (await provider.Session.findByUid(uid)) as unknown as {
        loginTs: number;
        save(ttl: number): Promise<unknown>;
      };
      session.loginTs -= 40;
      await session.save(600);
    }
    // The player sets a 2-minute session limit and a 1-minute reality check on /account (at once: stricter).
    const accountPage = await context.newPage();
    await accountPage.goto(`${app.url}/account`);
    await accountPage.getByLabel('Session time limit (minutes)').fill('2');
    await accountPage.getByLabel('Reality check interval (minutes)').fill('1');
    await accountPage.getByRole('button', { name: 'Save limits' }).click();
    await accountPage.getByText('every 1 minutes').waitFor();

    // The lobby warns before the limit ends the session, and shows the reality check when it is due.
    await page
      .getByRole('alert')
      .filter({ hasText: /^Your session ends at \d{2}:\d{2} UTC \(time limit\)\.$/ })
      .waitFor();
    const check = page.getByTestId('reality-check');
    await check.waitFor({ timeout: 30_000 });
    expect(await check.locator('p').textContent()).toBe(
      'Reality check: you have been playing for 1 minutes.',
    );
    await checkPage(page, 'demo-live-warnings');
    // Continue playing acknowledges it at Pitboss (POST /rg/reality-check with the lobby's token).
    await check.getByRole('button', { name: 'Continue playing' }).click();
    await page.getByTestId('events').getByText('listening').waitFor();
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(
      /pitboss_rg_reality_checks_total\{event="acknowledged"\} 1/,
    );

    // A 1-minute limit the session is already past ends it at once: the lobby shows itself signed out.
    await accountPage.getByLabel('Session time limit (minutes)').fill('1');
    await accountPage.getByRole('button', { name: 'Save limits' }).click();
    await page.getByText('Your session has ended (time_limit). Sign in again to play.').waitFor();
    await page.getByRole('link', { name: 'Sign in with Pitboss' }).waitFor();
    await context.close();
  });

  it('is off unless asked for, and refused in production', async () => {
    const other = await startTestPitboss({ redis: false });
    expect((await fetch(`${other.url}/demo`)).status).toBe(404);
    await other.close();
  });
});
