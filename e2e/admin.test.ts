import { mkdirSync } from 'node:fs';
import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFixture } from '../test/admin/admin-fixture.ts';
import { discover, login, REDIRECT_URI } from '../test/helpers/oidc-flow.ts';
import { UserAgent } from '../test/helpers/user-agent.ts';
import { totpCode } from '../test/mfa/journey.ts';
import { launchChromium } from './browser.ts';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);

describe('admin console in Chromium', () => {
  let browser: Browser;
  let f: Awaited<ReturnType<typeof adminFixture>>;
  beforeAll(async () => {
    f = await adminFixture();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('admin signs in, finds a player on two RPs, revokes a session, ends all sessions', async () => {
    const player = await f.newPlayer('e2e');
    const second = await f.app.pitboss.clients.create({
      name: 'Poker Palace',
      redirectUris: [REDIRECT_URI],
      scope: 'openid email offline_access',
    });
    const poker = await discover(f.app.url, second.clientId, second.clientSecret);
    // One browser session signed in to two RPs, plus a second device.
    const agent = new UserAgent('Mozilla/5.0 (Player laptop)');
    const slots = await login(f.rp, player, { agent });
    const pokerTokens = await login(poker, player, { agent });
    const phone = await login(f.rp, player, { agent: new UserAgent('Mozilla/5.0 (Player phone)') });

    const admin = await f.newMfaAdmin('e2e-admin');
    const page = await browser.newPage();
    await page.goto(`${f.app.url}/admin`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // The console asks for acr urn:pitboss:acr:mfa: two-step verification before consent.
    await page.getByLabel('Authentication code').fill(await totpCode(admin.secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    const cookie = (await page.context().cookies()).find((c) => c.name === 'pitboss.admin');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin' });
    await page.getByLabel('Player email').fill(player.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByRole('heading', { name: player.email }).count()).toBe(1);
    const rows = page.locator('section', { hasText: 'Sessions (2)' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // Studios are shown by name, not client id.
    const both = rows.filter({ hasText: 'Poker Palace' });
    expect(await both.textContent()).toContain('Lucky Slots Studio');
    expect(await both.textContent()).not.toContain(second.clientId);
    // Device and IP come from the session index (the request that wrote the session).
    expect(await both.textContent()).toContain('Mozilla/5.0 (Player laptop)');
    expect(await both.textContent()).toMatch(/(::ffff:)?127\.0\.0\.1/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('admin-player.png', ARTIFACTS).pathname, fullPage: true });

    // Revoke the phone's session (the one without Poker Palace).
    await rows.filter({ hasNotText: 'Poker Palace' }).getByRole('button', { name: 'Revoke' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('1 session(s) and 1 grant(s) ended');
    await expect(client.refreshTokenGrant(f.rp, phone.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await f.active(slots.tokens.access_token)).toBe(true);

    await page.getByRole('button', { name: 'End all sessions' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('1 session(s) and 2 grant(s) ended');
    expect(await page.getByText('No live sessions.').count()).toBe(1);
    await expect(client.refreshTokenGrant(f.rp, slots.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.refreshTokenGrant(poker, pokerTokens.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await f.active(slots.tokens.access_token)).toBe(false);
    await page.close();
  });
});
