import { mkdirSync } from 'node:fs';
import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFixture } from '../test/admin/admin-fixture.ts';
import { openLogin } from '../test/hardening/login-page.ts';
import { discover, login, REDIRECT_URI } from '../test/helpers/oidc-flow.ts';
import { UserAgent } from '../test/helpers/user-agent.ts';
import { type Receiver, startReceiver } from '../test/logout/receiver.ts';
import { launchChromium } from './browser.ts';
import { consoleSignIn } from './console-sign-in.ts';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);
const LIMITS = { LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_DELAY_MS: '5', LOGIN_IP_MAX_ATTEMPTS: '1000' };

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/** Runs a player-page action: its link, then the confirmation page with a reason. */
async function confirmAction(page: Page, link: string, reason: string, scope?: ReturnType<Page['locator']>) {
  await (scope ?? page).getByRole('link', { name: link }).first().click();
  await page.getByLabel('Reason (kept in the audit trail)').fill(reason);
  await page.getByRole('button', { name: link }).click();
}

describe('admin console in Chromium', () => {
  let browser: Browser;
  let f: Fixture;
  const receivers: Receiver[] = [];
  const studios: { name: string; rp: client.Configuration; receiver: Receiver }[] = [];
  beforeAll(async () => {
    f = await adminFixture(LIMITS);
    browser = await launchChromium();
    for (const name of ['Poker Palace', 'Roulette Royale']) {
      let clientId = '';
      const receiver = await startReceiver({ issuer: f.app.url, clientId: () => clientId });
      receivers.push(receiver);
      const created = await f.app.pitboss.clients.create({
        name,
        redirectUris: [REDIRECT_URI],
        backchannelLogoutUri: receiver.url,
        scope: 'openid email offline_access',
      });
      clientId = created.clientId;
      studios.push({ name, rp: await discover(f.app.url, created.clientId, created.clientSecret), receiver });
    }
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    for (const r of receivers) await r.close();
    await f?.close();
  });

  it('admin: TOTP sign-in, dashboard, prefix search, unlock, end all sessions and watch each studio told', async () => {
    const player = await f.newPlayer('highroller');
    const agent = new UserAgent('Mozilla/5.0 (Player laptop)');
    const held = [];
    for (const s of studios) held.push(await login(s.rp, player, { agent }));
    const locked = await f.newPlayer('lockedout');
    const form = await openLogin(f.rp);
    for (let i = 0; i < 3; i++) await form.post({ email: locked.email, password: 'wrong password!' });
    expect((await form.post(locked)).status).toBe(429);
    await f.app.pitboss.auditPipeline.writer.drain();

    const admin = await f.newMfaAdmin('e2e-admin');
    const page = await browser.newPage();
    await consoleSignIn(page, f, admin);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pitboss.admin');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin' });

    // Dashboard: live figures with server-side SVG charts.
    await page.getByRole('heading', { name: 'Live figures' }).waitFor();
    const figure = (label: string) =>
      page.locator('.figure', { has: page.getByText(label, { exact: true }) });
    expect(Number(await figure('Active sessions').locator('strong').textContent())).toBeGreaterThanOrEqual(1);
    expect(
      Number(await figure('Sign-ins (last hour)').locator('strong').textContent()),
    ).toBeGreaterThanOrEqual(1);
    expect(
      Number(await figure('Failed sign-ins (last hour)').locator('strong').textContent()),
    ).toBeGreaterThanOrEqual(3);
    expect(
      Number(await figure('Lockouts (last hour)').locator('strong').textContent()),
    ).toBeGreaterThanOrEqual(1);
    const chart = page.getByRole('img', { name: /^Sign-ins: \d+ in the last 60 minutes$/ });
    expect(await chart.count()).toBe(1);
    expect(await chart.locator('rect').count()).toBe(12);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('admin-dashboard.png', ARTIFACTS).pathname, fullPage: true });

    // Search by prefix: the locked player first.
    await page.getByLabel('Search players').fill('lockedout-');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: locked.email }).click();
    await page.getByRole('heading', { name: locked.email }).waitFor();
    expect(await page.locator('dd', { hasText: 'sign-in locked' }).count()).toBe(1);
    await confirmAction(page, 'Unlock', 'Verified identity by phone, ticket 1182');
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Sign-in and MFA lockouts cleared.');
    // The player signs in again.
    const again = await login(f.rp, locked);
    expect(await f.active(again.tokens.access_token)).toBe(true);

    // The player on two studios: end everything, with a reason, and watch each delivery settle.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByLabel('Search players').fill('highroller');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: player.email }).click();
    const sessionRows = page.locator('section', { hasText: 'Sessions (1)' }).locator('tbody tr');
    expect(await sessionRows.textContent()).toContain('Poker Palace');
    expect(await sessionRows.textContent()).toContain('Roulette Royale');
    // Cancelling the confirmation changes nothing.
    await page.getByRole('link', { name: 'End all sessions' }).click();
    await page.getByRole('link', { name: 'Cancel' }).click();
    expect(await f.active(held[0]!.tokens.access_token)).toBe(true);
    await confirmAction(page, 'End all sessions', 'Account takeover suspected (ticket 5521)');
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('1 session and 2 grants ended.');
    const states = page.locator('table tbody tr');
    // The result page reloads itself (meta refresh, no script) until every delivery has settled.
    await expect
      .poll(async () => (await states.allTextContents()).map((t) => t.replace(/\s+/g, ' ')), {
        timeout: 30_000,
      })
      .toEqual([
        expect.stringMatching(/^Poker Palace ?delivered/),
        expect.stringMatching(/^Roulette Royale ?delivered/),
      ]);
    await page.screenshot({ path: new URL('admin-result.png', ARTIFACTS).pathname, fullPage: true });
    for (const s of studios) expect(s.receiver.receipts.map((r) => r.sub)).toEqual([player.id]);
    for (const [i, s] of studios.entries()) {
      await expect(client.refreshTokenGrant(s.rp, held[i]!.tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    }
    await page.close();
  }, 180_000);

  it('support: ends one session, and is refused a disable', async () => {
    const player = await f.newPlayer('support-case');
    const laptop = await login(studios[0]!.rp, player, { agent: new UserAgent('Mozilla/5.0 (Laptop)') });
    const phone = await login(studios[0]!.rp, player, { agent: new UserAgent('Mozilla/5.0 (Phone)') });
    const support = await f.newMfaAdmin('e2e-support', 'support');
    const page = await browser.newPage();
    await consoleSignIn(page, f, support);
    expect(await page.getByRole('heading', { name: 'Live figures' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Deliveries' }).count()).toBe(0);
    await page.getByLabel('Search players').fill(player.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: player.email }).waitFor();
    expect(await page.getByRole('link', { name: 'Disable account' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Audit trail' }).count()).toBe(0);
    const phoneRow = page.locator('tbody tr', { hasText: 'Mozilla/5.0 (Phone)' });
    await confirmAction(page, 'End session', 'Player lost the phone', phoneRow);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('1 session and 1 grant ended.');
    await expect(client.refreshTokenGrant(studios[0]!.rp, phone.tokens.refresh_token!)).rejects.toMatchObject(
      {
        error: 'invalid_grant',
      },
    );
    expect(await f.active(laptop.tokens.access_token)).toBe(true);

    // A disable is refused, by page and by a forged form post alike; the account stays active.
    const confirm = await page.goto(`${f.app.url}/admin/players/${player.id}/confirm/disable`);
    expect(confirm!.status()).toBe(403);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await page.goto(`${f.app.url}/admin`);
    const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
    const forged = await page.request.post(`${f.app.url}/admin/players/${player.id}/do/disable`, {
      form: { csrf: csrf!, reason: 'trying anyway' },
    });
    expect(forged.status()).toBe(403);
    const account = await (await f.api(await f.serviceToken(), `/users/${player.id}`)).json();
    expect(account.user.status).toBe('active');
    expect(await f.active(laptop.tokens.access_token)).toBe(true);
    await page.close();
  }, 120_000);
});
