import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../test/helpers/app.ts';
import { discover } from '../test/helpers/oidc-flow.ts';
import { sample } from '../test/metrics/scrape.ts';
import { launchChromium, startLobby } from './browser.ts';
import { checkPage } from './page-check.ts';
import { enterPassword, startAuthorization } from './player-steps.ts';
import { deviceWith, type VirtualCredential } from './webauthn.ts';

const MFA_ACR = 'urn:pitboss:acr:mfa';

describe('passkeys in Chromium with a virtual authenticator', { timeout: 180_000 }, () => {
  let browser: Browser;
  let app: RunningPitboss;
  let lobby: Awaited<ReturnType<typeof startLobby>>;
  let rp: client.Configuration;
  /** A casino site on a subdomain listed in WEBAUTHN_ORIGINS, and a look-alike site that is not listed. */
  let casinoSite: { server: Server; origin: string };
  let lookAlike: { server: Server; origin: string };
  let n = 0;

  const site = async (host: string) => {
    const server = createServer((_req, res) => res.end('<!doctype html><title>site</title><h1>site</h1>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` };
  };
  const newPlayer = async () => {
    const player = { email: `passkey-${n++}-${Date.now()}@example.com`, password: 'a long enough password' };
    return { ...player, account: await app.pitboss.accounts.create(player) };
  };
  const audit = async (accountId: string | null, type: string) => {
    await app.pitboss.auditPipeline.writer.drain();
    const { rows } = await app.pitboss.database.pool.query<{
      outcome: string;
      detail: Record<string, unknown>;
    }>(
      `select outcome, detail from audit_log where type = $2 and ($1::text is null or account_id::text = $1) order by id`,
      [accountId, type],
    );
    return rows;
  };
  const metrics = async () => (await fetch(`${app.url}/metrics`)).text();

  /** Opens the RP's authorization URL; returns a function that answers consent if asked and returns the ID token's claims. */
  async function startSignIn(page: Page, extra: Record<string, string> = {}) {
    const redeem = await startAuthorization(page, rp, lobby.redirectUri, extra);
    return async () => (await redeem('if-asked')).claims()!;
  }

  /** A player signed in on a fresh device who adds a passkey on /account; returns it and the device. */
  async function playerWithPasskey() {
    const player = await newPlayer();
    const device = await deviceWith(() => browser.newContext());
    const redeem = await startSignIn(device.page);
    await enterPassword(device.page, player);
    expect((await redeem()).amr).toEqual(['pwd']);
    await device.page.goto(`${app.url}/account`);
    await device.page.getByLabel('Passkey name').fill('Work laptop');
    await device.page.getByLabel('Password or current code to add a passkey').fill(player.password);
    await device.page.getByRole('button', { name: 'Add a passkey' }).click();
    await device.page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    const codes = await device.page.getByRole('listitem').allTextContents();
    const [credential] = await device.authenticator.credentials();
    await device.context.close();
    return { player, credential: credential!, codes };
  }

  beforeAll(async () => {
    casinoSite = await site('casino.localhost');
    lookAlike = await site('localhost');
    app = await startTestPitboss({ env: { WEBAUTHN_ORIGINS: casinoSite.origin } });
    lobby = await startLobby();
    const created = await app.pitboss.clients.create({
      name: 'Roulette Royale',
      redirectUris: [lobby.redirectUri],
    });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    lobby?.close();
    casinoSite?.server.close();
    lookAlike?.server.close();
    await app?.close();
  });

  it('adds a passkey on /account only after re-authentication, then signs in with password + passkey and passwordless', async () => {
    const player = await newPlayer();
    const device = await deviceWith(() => browser.newContext());
    const redeem = await startSignIn(device.page);
    await enterPassword(device.page, player);
    // No second factor yet: a new browser is not stepped up, but it is audited.
    expect((await redeem()).amr).toEqual(['pwd']);
    expect(await audit(player.account.id, 'login.new_device')).toHaveLength(1);

    await device.page.goto(`${app.url}/account`);
    await device.page.getByLabel('Passkey name').fill('Work laptop');
    await device.page.getByLabel('Password or current code to add a passkey').fill('not my password');
    await device.page.getByRole('button', { name: 'Add a passkey' }).click();
    // The script shows the server's answer in the form's alert (Playwright waits for it to appear).
    const refusal = device.page.locator('[data-passkey-error]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('That password or code is not correct.');
    expect(await device.authenticator.credentials()).toHaveLength(0);
    expect(await app.pitboss.passkeys.count(player.account.id)).toBe(0);

    await device.page.getByLabel('Password or current code to add a passkey').fill(player.password);
    await device.page.getByRole('button', { name: 'Add a passkey' }).click();
    // The first second factor comes with recovery codes: the way back when the device is lost.
    expect(await device.page.getByRole('status').textContent()).toBe('Passkey “Work laptop” added.');
    expect(
      await device.page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count(),
    ).toBe(10);
    const [credential] = await device.authenticator.credentials();
    expect(credential!.isResidentCredential).toBe(true);
    const [stored] = await app.pitboss.passkeys.list(player.account.id);
    const credentialId = Buffer.from(credential!.credentialId, 'base64').toString('base64url');
    expect(stored).toMatchObject({ id: credentialId, name: 'Work laptop' });
    expect((await audit(player.account.id, 'mfa.passkey.added')).map((r) => r.outcome)).toEqual(['success']);
    // Through the account-command path, with the surface and actor.
    expect((await audit(player.account.id, 'account.passkey_added')).map((r) => r.detail.surface)).toEqual([
      'account',
    ]);
    expect((await audit(player.account.id, 'account.reauth')).map((r) => r.outcome)).toEqual([
      'failure',
      'success',
    ]);
    await device.page.goto(`${app.url}/account`);
    expect(await device.page.getByRole('list', { name: 'Passkeys' }).textContent()).toContain('Work laptop');
    await checkPage(device.page, 'account-passkeys');
    await device.context.close();

    // A second device holding the synced passkey (a browser without passkey autofill): the password,
    // then the passkey as second factor.
    // Each device gets the key as the previous one left it (counter included), as a sync would.
    const laptop = await deviceWith(() => browser.newContext(), [credential!], { autofill: false });
    let finish = await startSignIn(laptop.page);
    await enterPassword(laptop.page, player);
    await laptop.page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await checkPage(laptop.page, 'mfa-passkey');
    await laptop.page.getByRole('button', { name: 'Use a passkey' }).click();
    let claims = await finish();
    expect(claims.sub).toBe(player.account.id);
    expect(claims.amr).toEqual(['pwd', 'hwk']);
    expect(claims.acr).toBe(MFA_ACR);
    let synced = (await laptop.authenticator.credentials())[0]!;
    await laptop.context.close();

    // Passwordless from the login page with the discoverable credential, by the button.
    const phone = await deviceWith(() => browser.newContext(), [synced], { autofill: false });
    finish = await startSignIn(phone.page);
    await checkPage(phone.page, 'login-passkey');
    await phone.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    claims = await finish();
    expect(claims.sub).toBe(player.account.id);
    expect(claims.amr).toContain('hwk');
    expect(claims.amr).not.toContain('pwd');
    expect(claims.acr).toBe(MFA_ACR);
    synced = (await phone.authenticator.credentials())[0]!;
    await phone.context.close();

    // Conditional UI: the login page's autofill request, answered as soon as the player picks the passkey.
    const tablet = await deviceWith(() => browser.newContext(), [synced]);
    finish = await startSignIn(tablet.page);
    claims = await finish();
    expect(claims.sub).toBe(player.account.id);
    expect(claims.amr).toContain('hwk');

    expect((await app.pitboss.passkeys.list(player.account.id))[0]!.lastUsedAt).toBeInstanceOf(Date);

    // Removing it also needs the password (or a code) first.
    await tablet.page.goto(`${app.url}/account`);
    const confirm = tablet.page.getByLabel('Password or current code to remove Work laptop');
    await confirm.fill('wrong password');
    await tablet.page.getByRole('button', { name: 'Remove passkey Work laptop' }).click();
    expect(await tablet.page.getByRole('alert').first().textContent()).toBe(
      'That password or code is not correct.',
    );
    expect(await app.pitboss.passkeys.count(player.account.id)).toBe(1);
    await tablet.page.getByLabel('Password or current code to remove Work laptop').fill(player.password);
    await tablet.page.getByRole('button', { name: 'Remove passkey Work laptop' }).click();
    expect(await tablet.page.getByRole('status').textContent()).toBe('Passkey “Work laptop” removed.');
    expect(await tablet.page.getByText('You have no passkeys yet.').count()).toBe(1);
    expect(await app.pitboss.passkeys.count(player.account.id)).toBe(0);
    expect((await audit(player.account.id, 'mfa.passkey.removed')).map((r) => r.detail.name)).toEqual([
      'Work laptop',
    ]);
    expect(await audit(player.account.id, 'account.passkey_removed')).toHaveLength(1);
    await tablet.context.close();

    const used = await audit(player.account.id, 'mfa.passkey.used');
    expect(used.map((r) => [r.outcome, r.detail.mode])).toEqual([
      ['success', 'second_factor'],
      ['success', 'passwordless'],
      ['success', 'passwordless'],
    ]);
    const text = await metrics();
    expect(sample(text, 'pitboss_passkey_signins_total', { mode: 'passwordless' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pitboss_passkey_signins_total', { mode: 'second_factor' })).toBeGreaterThanOrEqual(
      1,
    );
  });

  it('refuses a passwordless sign-in of a timed-out or self-excluded player, with the message the password gets', async () => {
    const { player, credential } = await playerWithPasskey();
    const by = { actor: 'test', surface: 'cli' as const };
    const { restriction } = await app.pitboss.rg.rg.restrict(player.account.id, 'timeout', '24h', by);
    const until = `${restriction.endsAt!.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const refusals: string[] = [];
    let synced = credential;
    const passkeyAttempt = async (params: Record<string, string> = {}) => {
      const device = await deviceWith(() => browser.newContext(), [synced], { autofill: false });
      await startSignIn(device.page, params);
      await device.page.locator('button[data-passkey-start]').click();
      refusals.push((await device.page.getByRole('alert').first().textContent()) ?? '');
      expect(new URL(device.page.url()).origin).toBe(app.url);
      // The counter moved: the next device gets the key as it is now (else it would be a stale clone).
      synced = (await device.authenticator.credentials())[0]!;
      await device.context.close();
    };
    await passkeyAttempt();
    // The password path, for comparison.
    const other = await browser.newContext();
    const page = await other.newPage();
    await startSignIn(page);
    await enterPassword(page, player);
    refusals.push((await page.getByRole('alert').first().textContent()) ?? '');
    await other.close();
    expect(refusals).toEqual([
      `You took a time-out: sign-in is not possible until ${until}.`,
      `You took a time-out: sign-in is not possible until ${until}.`,
    ]);
    // A later permanent self-exclusion, refused in the page's language (German) on the passkey path too.
    await app.pitboss.rg.rg.restrict(player.account.id, 'self_exclusion', 'permanent', by);
    await passkeyAttempt({ ui_locales: 'de' });
    expect(refusals.at(-1)).toBe(
      'Dieses Konto ist selbst gesperrt: Eine Anmeldung ist dauerhaft nicht möglich.',
    );
    expect((await audit(player.account.id, 'mfa.passkey.used')).at(-1)?.outcome).toBe('success');
    // Every refusal is audited against the account, the passkey ones as the password one.
    const refused = (await audit(player.account.id, 'login')).filter((r) => r.outcome === 'failure');
    expect(refused.map((r) => [r.detail.amr, r.detail.kind])).toEqual([
      ['hwk', 'timeout'],
      ['pwd', 'timeout'],
      ['hwk', 'self_exclusion'],
    ]);
  });

  it('refuses a cloned credential whose sign count is behind the stored one', async () => {
    const { player, credential } = await playerWithPasskey();
    const first = await deviceWith(() => browser.newContext(), [credential]);
    const finish = await startSignIn(first.page);
    expect((await finish()).sub).toBe(player.account.id);
    const [used] = await first.authenticator.credentials();
    expect(used!.signCount).toBeGreaterThan(credential.signCount);
    await first.context.close();

    // The same key copied before that use: its counter is stale.
    const clone = await deviceWith(() => browser.newContext(), [credential]);
    await startSignIn(clone.page);
    await clone.page.getByRole('alert').first().waitFor();
    expect(await clone.page.getByRole('alert').first().textContent()).toBe(
      'That passkey did not work. Try again, or use another way to sign in.',
    );
    await clone.context.close();
    const failures = (await audit(player.account.id, 'mfa.passkey.used')).filter(
      (r) => r.outcome === 'failure',
    );
    expect(failures.map((r) => r.detail.reason)).toEqual(['stale_counter']);
    expect(
      sample(await metrics(), 'pitboss_passkey_failures_total', { reason: 'stale_counter' }),
    ).toBeGreaterThan(0);
  });

  /**
   * Relays this interaction's challenge to another page (`origin`), which asks its authenticator for an
   * assertion for `rpId` with the player's key, then posts that answer to Pitboss from the login page.
   */
  async function relayedAssertion(credential: VirtualCredential, origin: string, rpId: string) {
    const login = await deviceWith(() => browser.newContext());
    await startSignIn(login.page);
    const form = login.page.locator('form[data-passkey]');
    const optionsUrl = await form.getAttribute('data-options');
    const csrf = await form.locator('input[name=csrf]').inputValue();
    const options = await login.page.evaluate(
      async ([url, token]) =>
        (await fetch(url!, { method: 'POST', body: new URLSearchParams({ csrf: token! }) })).json(),
      [optionsUrl, csrf],
    );
    const other = await login.context.newPage();
    const { virtualAuthenticator } = await import('./webauthn.ts');
    const authenticator = await virtualAuthenticator(login.context, other);
    await authenticator.add({ ...credential, rpId });
    await other.goto(origin);
    const answer = await other.evaluate(
      async ([challenge, id, rp]) => {
        const b64 = (s: string) =>
          Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
        const url = (buf: ArrayBuffer) =>
          btoa(String.fromCharCode(...new Uint8Array(buf)))
            .replace(/\+/g, '-')
            .replace(/\//g, '_')
            .replace(/=+$/, '');
        const cred = (await navigator.credentials.get({
          publicKey: {
            challenge: b64(challenge!),
            rpId: rp!,
            allowCredentials: [{ type: 'public-key', id: b64(id!) }],
            userVerification: 'required',
          },
        })) as PublicKeyCredential;
        const r = cred.response as AuthenticatorAssertionResponse;
        return JSON.stringify({
          id: cred.id,
          rawId: cred.id,
          type: 'public-key',
          clientExtensionResults: {},
          response: {
            clientDataJSON: url(r.clientDataJSON),
            authenticatorData: url(r.authenticatorData),
            signature: url(r.signature),
            ...(r.userHandle && { userHandle: url(r.userHandle) }),
          },
        });
      },
      [options.challenge as string, credential.credentialId.replace(/=+$/, ''), rpId],
    );
    await form.locator('input[name=response]').evaluate((el, v) => {
      (el as HTMLInputElement).value = v;
    }, answer);
    await form.evaluate((el) => (el as HTMLFormElement).submit());
    await login.page.getByRole('alert').first().waitFor();
    const message = await login.page.getByRole('alert').first().textContent();
    await login.context.close();
    return message;
  }

  it('refuses an assertion made on an origin that is not configured, or for another RP id', async () => {
    const { player, credential } = await playerWithPasskey();
    const refused = 'That passkey did not work. Try again, or use another way to sign in.';
    // A look-alike site on another port relays our challenge (phishing): its origin is not ours.
    expect(await relayedAssertion(credential, lookAlike.origin, 'localhost')).toBe(refused);
    // The casino's own subdomain is a configured origin, but the credential was scoped to its own RP id.
    expect(await relayedAssertion(credential, casinoSite.origin, 'casino.localhost')).toBe(refused);
    const reasons = (await audit(player.account.id, 'mfa.passkey.used')).map((r) => r.detail.reason);
    expect(reasons).toEqual(['origin', 'rp_id']);
  });

  it('a captured answer cannot be replayed: challenges are single use and bound to their interaction', async () => {
    const { player, credential } = await playerWithPasskey();
    const device = await deviceWith(() => browser.newContext(), [credential]);
    const posted = new Promise<string>((resolve) =>
      device.page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/passkey')) resolve(r.postData() ?? '');
      }),
    );
    const finish = await startSignIn(device.page);
    expect((await finish()).sub).toBe(player.account.id);
    const answer = new URLSearchParams(await posted).get('response')!;

    // The same answer posted into a new sign-in (which has its own challenge) is refused.
    const attacker = await deviceWith(() => browser.newContext(), [], { autofill: false });
    await startSignIn(attacker.page);
    const form = attacker.page.locator('form[data-passkey]');
    const csrf = await form.locator('input[name=csrf]').inputValue();
    await attacker.page.request.post(`${app.url}${await form.getAttribute('data-options')}`, {
      form: { csrf },
    });
    const replay = await attacker.page.request.post(`${app.url}${await form.getAttribute('action')}`, {
      form: { csrf, response: answer },
    });
    expect(replay.status()).toBe(401);
    // And again, now that the new interaction's challenge was used up by the first try.
    const again = await attacker.page.request.post(`${app.url}${await form.getAttribute('action')}`, {
      form: { csrf, response: answer },
    });
    expect(again.status()).toBe(401);
    await Promise.all([device.context.close(), attacker.context.close()]);
    const reasons = (await audit(player.account.id, 'mfa.passkey.used'))
      .filter((r) => r.outcome === 'failure')
      .map((r) => r.detail.reason);
    expect(reasons).toEqual(['challenge']);
    expect((await audit(null, 'mfa.passkey.used')).some((r) => r.detail.reason === 'challenge_expired')).toBe(
      true,
    );
  });

  it('failed passkey attempts lock passkeys only: the password still works and a recovery code finishes', async () => {
    const { player, codes } = await playerWithPasskey();
    const device = await deviceWith(() => browser.newContext());
    const finish = await startSignIn(device.page);
    await enterPassword(device.page, player);
    await device.page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    const form = device.page.locator('form[data-passkey]');
    const [optionsUrl, action, csrf] = await Promise.all([
      form.getAttribute('data-options'),
      form.getAttribute('action'),
      form.locator('input[name=csrf]').inputValue(),
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      await device.page.request.post(`${app.url}${optionsUrl}`, { form: { csrf } });
      const res = await device.page.request.post(`${app.url}${action}`, {
        form: { csrf, response: JSON.stringify({ id: 'bm90LW15LWtleQ', response: {} }) },
      });
      statuses.push(res.status());
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    expect(await audit(player.account.id, 'mfa.passkey.lockout')).toHaveLength(1);
    expect(await audit(player.account.id, 'login.lockout')).toHaveLength(0);

    // Lost device: a recovery code completes this sign-in.
    await device.page.reload();
    await device.page.getByLabel('Authentication code').fill(codes[0]!);
    await device.page.getByRole('button', { name: 'Verify' }).click();
    const claims = await finish();
    expect(claims.amr).toEqual(['pwd', 'otp']);
    await device.context.close();

    // And the password itself is not locked: a fresh sign-in reaches the second step again.
    const other = await deviceWith(() => browser.newContext());
    await startSignIn(other.page);
    await enterPassword(other.page, player);
    await other.page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await other.context.close();
  });
});
