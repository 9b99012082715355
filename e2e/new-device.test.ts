import type * as client from 'openid-client';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../test/helpers/app.ts';
import { discover } from '../test/helpers/oidc-flow.ts';
import { launchChromium, startLobby } from './browser.ts';
import { enterPassword, startAuthorization } from './player-steps.ts';

const DEVICE_COOKIE = 'pitboss.device';

describe('new-device step-up in Chromium', { timeout: 180_000 }, () => {
  let browser: Browser;
  let app: RunningPitboss;
  let lobby: Awaited<ReturnType<typeof startLobby>>;
  let rp: client.Configuration;
  let n = 0;
  /** TOTP codes are single use: each sign-in takes a time step (within the ±1 drift) not used before. */
  const usedSteps = new Set<number>();
  const freshCode = (secret: string) => {
    const now = Math.floor(Date.now() / 1000);
    const epoch = [-30, 0, 30].map((d) => now + d).find((t) => !usedSteps.has(Math.floor(t / 30)))!;
    usedSteps.add(Math.floor(epoch / 30));
    return generate({ secret, epoch });
  };

  const newPlayer = async () => {
    const player = { email: `device-${n++}-${Date.now()}@example.com`, password: 'a long enough password' };
    return { ...player, account: await app.pitboss.accounts.create(player) };
  };
  const newDevices = async (accountId: string) => {
    await app.pitboss.auditPipeline.writer.drain();
    const { rows } = await app.pitboss.database.pool.query<{ ip: string; user_agent: string }>(
      `select ip, user_agent from audit_log where type = 'login.new_device' and account_id::text = $1 order by id`,
      [accountId],
    );
    return rows;
  };

  /** Stands in for a race's losers, which would otherwise reject unheard when their page closes. */
  const never = new Promise<never>(() => undefined);

  /** Signs in with the password; answers the MFA page with `secret` if it appears; returns the claims. */
  async function signIn(page: Page, player: { email: string; password: string }, secret?: string) {
    const redeem = await startAuthorization(page, rp, lobby.redirectUri, { prompt: 'login' });
    await enterPassword(page, player);
    const inLobby = (u: URL) => u.href.startsWith(lobby.redirectUri);
    /** Where the browser stops next: the MFA page, the consent page, or back at the RP (consent remembered). */
    const nextStop = () =>
      Promise.race<'mfa' | 'consent' | 'lobby'>(
        [
          page
            .getByRole('heading', { name: 'Two-step verification' })
            .waitFor()
            .then(() => 'mfa' as const),
          page
            .getByRole('button', { name: 'Allow' })
            .waitFor()
            .then(() => 'consent' as const),
          page.waitForURL(inLobby).then(() => 'lobby' as const),
        ].map((p) => p.catch(() => never)),
      );
    const first = await nextStop();
    let stop: 'mfa' | 'consent' | 'lobby' = first;
    if (stop === 'mfa') {
      if (!secret) throw new Error('asked for a second factor the player does not have');
      await page.getByLabel('Authentication code').fill(await freshCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      stop = await nextStop();
    }
    const tokens = await redeem(stop === 'consent' ? 'allow' : 'none');
    return { steppedUp: first === 'mfa', claims: tokens.claims()! };
  }

  beforeAll(async () => {
    app = await startTestPitboss();
    lobby = await startLobby();
    const created = await app.pitboss.clients.create({
      name: 'Blackjack Bar',
      redirectUris: [lobby.redirectUri],
    });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    await app?.close();
  });

  it('asks an enrolled player for the second factor on a new browser only: same browser twice, then a fresh one', async () => {
    const player = await newPlayer();
    const { secret } = await app.pitboss.mfa.enrolDirect(player.account);
    const home: BrowserContext = await browser.newContext();
    const page = await home.newPage();

    const first = await signIn(page, player, secret);
    expect(first.steppedUp).toBe(true);
    expect(first.claims.amr).toEqual(['pwd', 'otp']);
    const cookie = (await home.cookies()).find((c) => c.name === DEVICE_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.expires - Date.now() / 1000).toBeGreaterThan(300 * 24 * 3600);
    expect(await newDevices(player.account.id)).toHaveLength(1);

    // The same browser again (a new sign-in, prompt=login): recognised, the password is enough.
    const second = await signIn(page, player, secret);
    expect(second.steppedUp).toBe(false);
    expect(second.claims.amr).toEqual(['pwd']);
    expect(await newDevices(player.account.id)).toHaveLength(1);
    await home.close();

    // A fresh browser is a new device: asked again, and audited with its IP and user agent.
    const away = await browser.newContext({ userAgent: 'Mozilla/5.0 (Travel tablet)' });
    const fresh = await signIn(await away.newPage(), player, secret);
    expect(fresh.steppedUp).toBe(true);
    const rows = await newDevices(player.account.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ ip: '127.0.0.1', user_agent: 'Mozilla/5.0 (Travel tablet)' });
    await away.close();

    // A copied device id without its signature is not recognised.
    const forged = await browser.newContext();
    await forged.addCookies([{ ...cookie, expires: -1 }]);
    expect((await signIn(await forged.newPage(), player, secret)).steppedUp).toBe(true);
    await forged.close();
  });

  it('a player without a second factor is not stepped up on a new browser, but the sign-in is audited', async () => {
    const player = await newPlayer();
    const context = await browser.newContext();
    const result = await signIn(await context.newPage(), player);
    expect(result.steppedUp).toBe(false);
    expect(result.claims.amr).toEqual(['pwd']);
    expect(await newDevices(player.account.id)).toHaveLength(1);
    await context.close();
  });
});
