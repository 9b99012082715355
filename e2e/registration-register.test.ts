import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../test/helpers/app.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../test/helpers/smtp-server.ts';
import { startRegister } from '../test/rg/register-server.ts';
import { launchChromium, startLobby } from './browser.ts';
import { checkPage } from './page-check.ts';
import { enterPassword, fillRegistration, startAuthorization, yearsAgo } from './player-steps.ts';

type Register = Awaited<ReturnType<typeof startRegister>>;

/** The audit rows of register questions asked before any account existed (registration). */
async function registrationChecks(app: TestPitboss) {
  await app.pitboss.auditPipeline.writer.drain();
  const { rows } = await app.db.pool.query<{
    account_id: string | null;
    outcome: string;
    detail: Record<string, unknown>;
  }>(
    `select account_id, outcome, detail from audit_log
      where type = 'rg.register_check' and detail->>'trigger' = 'registration' order by id`,
  );
  return rows;
}

/** Mails queued for an address (the outbox is written before the page answers, so none queued = none sent). */
const queuedFor = async (app: TestPitboss, email: string) =>
  (await app.db.pool.query('select kind from mail_outbox where recipient = $1', [email])).rowCount;

/** Submits the registration form and returns the status the server answered the POST with. */
async function submitRegistration(page: Page, fields: Parameters<typeof fillRegistration>[1]) {
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('/register'),
  );
  await fillRegistration(page, fields);
  const res = await answered;
  return { status: res.status(), retryAfter: await res.headerValue('retry-after') };
}

describe('registration asks the exclusion register (Chromium, real HTTP register, real SMTP)', {
  timeout: 180_000,
}, () => {
  let browser: Browser;
  let smtp: TestSmtp;
  let register: Register;
  let app: TestPitboss;
  let lobby: Awaited<ReturnType<typeof startLobby>>;
  let rp: TestRp;

  beforeAll(async () => {
    [smtp, register, lobby, browser] = await Promise.all([
      startSmtp(),
      startRegister(),
      startLobby(),
      launchChromium(),
    ]);
    app = await startTestPitboss({
      env: { SMTP_URL: smtp.url, EXCLUSION_REGISTER_URL: register.url, EXCLUSION_REGISTER_TIMEOUT_MS: '500' },
    });
    rp = await registerRp(app, { name: 'Roulette Royale', redirectUris: [lobby.redirectUri] });
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    await rp?.close();
    await app?.close();
    await register?.close();
    await smtp?.stop();
  });

  it('excluded: refused with a readable message, no account, no mail; audited without the address', async () => {
    register.answer('excluded');
    const page = await browser.newPage();
    await page.goto(`${app.url}/register`);
    const dob = yearsAgo(35);
    const answer = await submitRegistration(page, {
      email: 'listed@example.com',
      password: 'a fine long passphrase',
      dob,
    });
    expect(answer.status).toBe(403);
    expect(await page.getByRole('alert').textContent()).toBe(
      'An account cannot be created for you: you are registered as excluded from gambling.',
    );
    await checkPage(page, 'register-excluded');
    expect(register.asked.at(-1)).toEqual({
      account_id: null,
      email: 'listed@example.com',
      date_of_birth: dob,
    });
    expect(await app.pitboss.accounts.findByEmail('listed@example.com')).toBeUndefined();
    expect(await queuedFor(app, 'listed@example.com')).toBe(0);
    const [row] = await registrationChecks(app);
    expect(row).toMatchObject({ account_id: null, outcome: 'success', detail: { excluded: true } });
    expect(row!.detail.emailHash).toEqual(expect.any(String));
    expect(JSON.stringify(row)).not.toContain('listed@example.com');
    await page.close();
  });

  it('register down (fail closed): a "try later" page with 503 and Retry-After, no account', async () => {
    register.answer('error');
    const page = await browser.newPage();
    await page.goto(`${app.url}/register?ui_locales=de`);
    // German page: the labels are translated, so the form is filled by its field names.
    await page.locator('input[name=email]').fill('later@example.com');
    await page.locator('input[name=password]').fill('a fine long passphrase');
    await page.locator('input[name=date_of_birth]').fill(yearsAgo(30));
    await page.locator('input[name=terms]').check();
    const answered = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.locator('button[type=submit]').click();
    const res = await answered;
    expect(res.status()).toBe(503);
    expect(await res.headerValue('retry-after')).toBe('60');
    expect(await page.getByRole('alert').textContent()).toBe(
      'Wir können die nationale Sperrdatei gerade nicht prüfen, daher kann kein Konto erstellt werden. Versuche es später erneut.',
    );
    expect(await app.pitboss.accounts.findByEmail('later@example.com')).toBeUndefined();
    const failure = (await registrationChecks(app)).find((r) => r.outcome === 'failure');
    expect(failure?.detail).toMatchObject({ policy: 'closed', error: 'status 500' });
    await page.close();
  });

  it('not excluded: the account is made inside the sign-in, and each sign-in asks again with its id and date of birth', async () => {
    register.answer('not_excluded');
    const context = await browser.newContext();
    const page = await context.newPage();
    const redeem = await startAuthorization(page, rp.config, lobby.redirectUri);
    await page.getByRole('link', { name: 'Create account' }).click();
    const dob = yearsAgo(25);
    const player = { email: 'clear@example.com', password: 'a fine long passphrase' };
    const answer = await submitRegistration(page, { ...player, dob });
    expect(answer.status).toBe(200);
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const account = await app.pitboss.accounts.findByEmail(player.email);
    expect(account).toBeDefined();

    await page.goto(linkIn(await smtp.waitFor(sentTo(player.email)), app.url));
    await page.getByRole('link', { name: 'Continue to sign in' }).click();
    await enterPassword(page, player);
    const tokens = await redeem('allow');
    expect(tokens.claims()?.sub).toBe(account!.id);
    expect(register.asked.at(-1)).toEqual({
      account_id: account!.id,
      email: player.email,
      date_of_birth: dob,
    });
    await context.close();
  });

  it('refuses to be a look-up service: a few attempts per address, then 429 before the register is asked', async () => {
    register.answer('excluded');
    const page = await browser.newPage();
    const asked = register.asked.length;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      await page.goto(`${app.url}/register`);
      const guess = {
        email: 'someone@example.com',
        password: 'a fine long passphrase',
        dob: yearsAgo(30, i),
      };
      statuses.push((await submitRegistration(page, guess)).status);
    }
    expect(statuses).toEqual([403, 403, 403, 429]);
    expect(register.asked.length).toBe(asked + 3);
    await page.close();
  });
});

describe('registration with the register down and EXCLUSION_REGISTER_FAIL=open (embedded defaults)', {
  timeout: 120_000,
}, () => {
  let browser: Browser;
  let register: Register;
  let app: TestPitboss;

  beforeAll(async () => {
    [register, browser] = await Promise.all([startRegister(), launchChromium()]);
    app = await startTestPitboss({
      redis: false,
      env: {
        EXCLUSION_REGISTER_URL: register.url,
        EXCLUSION_REGISTER_FAIL: 'open',
        EXCLUSION_REGISTER_TIMEOUT_MS: '300',
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await register?.close();
  });

  it('lets the registration through when the register does not answer, and audits the failure', async () => {
    register.answer('hang');
    const page = await browser.newPage();
    await page.goto(`${app.url}/register`);
    const answer = await submitRegistration(page, {
      email: 'open@example.com',
      password: 'a fine long passphrase',
      dob: yearsAgo(40),
    });
    expect(answer.status).toBe(200);
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(await app.pitboss.accounts.findByEmail('open@example.com')).toBeDefined();
    const [row] = await registrationChecks(app);
    expect(row).toMatchObject({ outcome: 'failure', detail: { policy: 'open', error: 'timeout' } });
    await page.close();
  });
});
