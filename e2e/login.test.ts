import type * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../test/helpers/app.ts';
import { discover } from '../test/helpers/oidc-flow.ts';
import { launchChromium, startLobby } from './browser.ts';
import { checkPage } from './page-check.ts';
import { enterPassword, startAuthorization } from './player-steps.ts';

// Pages are checked with axe-core and screenshotted at two widths: slow on a loaded machine.
describe('player signs in through the real pages in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let app: RunningPitboss;
  let lobby: Awaited<ReturnType<typeof startLobby>> | undefined;
  let redirectUri: string;
  let rp: client.Configuration;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'e2e-player@example.com', password: 'a long enough password' };

  beforeAll(async () => {
    app = await startTestPitboss();
    cleanups.unshift(() => app.close());
    lobby = await startLobby();
    redirectUri = lobby.redirectUri;
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({
      name: 'Roulette Royale',
      redirectUris: [redirectUri],
      scope: 'openid email offline_access',
    });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it('shows a generic error for a wrong password, then signs in and consents', async () => {
    const page = await browser.newPage();
    const redeem = await startAuthorization(page, rp, redirectUri);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkPage(page, 'login');

    await enterPassword(page, { email: player.email, password: 'not the password' });
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Invalid email or password');
    await checkPage(page, 'login-error');

    await page.getByLabel('Password').fill(player.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Allow' }).waitFor();
    await checkPage(page, 'consent');
    const tokens = await redeem('allow');
    expect(await page.getByRole('heading').textContent()).toBe('Welcome back');
    expect(tokens.claims()!.sub).toBe((await app.pitboss.accounts.findByEmail(player.email))!.id);
    await page.close();
  });
});
