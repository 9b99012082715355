import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../test/helpers/app.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../test/helpers/smtp-server.ts';
import { de } from '../views/i18n/de.ts';
import { launchChromium, startLobby } from './browser.ts';
import { startAuthorization } from './player-steps.ts';

describe('new-device mail (Chromium, real SMTP)', { timeout: 180_000 }, () => {
  let browser: Browser;
  let smtp: TestSmtp;
  let app: TestPitboss;
  let lobby: Awaited<ReturnType<typeof startLobby>>;
  let rp: TestRp;
  const player = { email: 'traveller@example.com', password: 'a long enough password' };

  /** Mails queued for the player (the outbox row is written before the sign-in completes). */
  const queued = async () =>
    (
      await app.db.pool.query<{ kind: string }>(
        'select kind from mail_outbox where recipient = $1 order by id',
        [player.email],
      )
    ).rows.map((r) => r.kind);

  /** A complete sign-in in `context`, in German (its pages and so its mails), up to the code at the studio. */
  async function signInGerman(context: BrowserContext) {
    const page = await context.newPage();
    const redeem = await startAuthorization(page, rp.config, lobby.redirectUri, {
      ui_locales: 'de',
      prompt: 'login',
    });
    await page.locator('input[name=email]').fill(player.email);
    await page.locator('input[name=password]').fill(player.password);
    await page.getByRole('button', { name: de['login.submit'], exact: true }).click();
    // Consent is asked once per browser session.
    const tokens = await redeem('if-asked', de['consent.allow']);
    await page.close();
    return tokens;
  }

  beforeAll(async () => {
    [smtp, lobby, browser] = await Promise.all([startSmtp(), startLobby(), launchChromium()]);
    app = await startTestPitboss({ env: { SMTP_URL: smtp.url } });
    rp = await registerRp(app, {
      name: 'Roulette Royale',
      redirectUris: [lobby.redirectUri],
      scope: 'openid email',
    });
    await app.pitboss.accounts.create(player);
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    await rp?.close();
    await app?.close();
    await smtp?.stop();
  });

  it('mails the player about a sign-in from a new browser, in the sign-in language; a known browser, and the first sign-in ever, send none', async () => {
    // The account's first sign-in: every browser is new then, so it is audited but not announced.
    const home = await browser.newContext();
    await signInGerman(home);
    expect(await queued()).toEqual([]);

    // A second browser: new to the account, so the player hears of it, in German, with where and when.
    const travel = await browser.newContext({ userAgent: 'Mozilla/5.0 (Hotel lobby kiosk)' });
    await signInGerman(travel);
    expect(await queued()).toEqual(['new_device']);
    const mail = await smtp.waitFor(sentTo(player.email));
    expect(mail.subject).toBe('Neue Anmeldung bei deinem Pitboss-Konto');
    expect(mail.text).toContain('IP-Adresse: 127.0.0.1');
    expect(mail.text).toContain('Mozilla/5.0 (Hotel lobby kiosk)');
    expect(mail.html).toContain('lang="de"');
    expect(linkIn(mail, app.url)).toBe(`${app.url}/account`);

    // The same browsers again are known: no further mail.
    await signInGerman(travel);
    await signInGerman(home);
    expect(await queued()).toEqual(['new_device']);
    expect(smtp.received.filter(sentTo(player.email))).toHaveLength(1);
    await home.close();
    await travel.close();
  });
});
