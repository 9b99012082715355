import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { hiddenInput, UserAgent } from '../helpers/user-agent.ts';
import { Journey, totpCode, unusedCode } from '../mfa/journey.ts';

/** The cookies of a signed-in browser, copied into the attacker's own user agent (a stolen session cookie). */
function steal(victim: UserAgent): UserAgent {
  const thief = new UserAgent('thief-browser/6.6');
  const jar = (a: UserAgent) => (a as unknown as { cookies: Map<string, unknown> }).cookies;
  for (const [name, cookie] of jar(victim)) jar(thief).set(name, cookie);
  return thief;
}

/**
 * Finding 6: TOTP enrolment on /account needed only the session cookie; with a stolen cookie an attacker
 * enrolled their own authenticator and got the recovery codes. Every factor change now needs a recent
 * re-authentication (password or a current code) of that very account session, and the player is told by mail.
 */
describe('/account factor changes need a recent re-authentication of this session', () => {
  let smtp: TestSmtp;
  let app: TestPitboss;
  let rp: TestRp;
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestPitboss({ env: { SMTP_URL: smtp.url } });
    rp = await registerRp(app, { name: 'Lucky Slots' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
  });

  /** Loads /account for its CSRF token, then posts one of its forms. */
  const post = async (agent: UserAgent, path: string, form: Record<string, string> = {}) => {
    const account = await agent.request(`${app.url}/account`);
    expect(account.status).toBe(200);
    const csrf = hiddenInput(await account.text(), 'csrf');
    const res = await agent.request(`${app.url}${path}`, { form: { csrf, ...form } });
    return { status: res.status, page: await res.text() };
  };
  const factorMail = (email: string, lead: RegExp) => (mail: ParsedMail) =>
    sentTo(email)(mail) && /sign-in methods/.test(mail.subject ?? '') && lead.test(mail.text ?? '');

  it('a stolen cookie cannot enrol TOTP; after re-authentication with the password it can, and the player gets a mail', async () => {
    const player = { email: `reauth-${stamp}@example.com`, password: 'player horse battery staple' };
    const account = await app.pitboss.accounts.create(player);
    const { agent } = await login(rp.config, player);
    const thief = steal(agent);

    const bare = await post(thief, '/account/mfa/enrol');
    expect(bare.status).toBe(401);
    expect(bare.page).toContain('Confirm it is you first');
    expect(bare.page).not.toContain('otpauth://');
    const guessed = await post(thief, '/account/mfa/enrol', { reauth: 'not the password at all' });
    expect(guessed.status).toBe(401);
    expect(guessed.page).toContain('That password or code is not correct.');
    expect(guessed.page).not.toContain('otpauth://');
    const confirm = await post(thief, '/account/mfa/confirm', { code: '123456' });
    expect(confirm.status).toBe(401);
    expect((await app.pitboss.mfa.status(account.id)).totp).toBe(false);

    // The player re-authenticates in this session: enrolment starts, and its confirmation (no second prompt
    // within the window) turns TOTP on and shows the recovery codes.
    const started = await post(agent, '/account/mfa/enrol', { reauth: player.password });
    expect(started.status).toBe(200);
    const secret = started.page.match(/data-testid="totp-secret">([^<]+)</)![1]!.replace(/\s/g, '');
    const done = await post(agent, '/account/mfa/confirm', { code: await totpCode(secret) });
    expect(done.status).toBe(200);
    expect(done.page).toContain('aria-label="Recovery codes"');
    expect((await app.pitboss.mfa.status(account.id)).totp).toBe(true);

    const mail = await smtp.waitFor(factorMail(player.email, /turned on/));
    expect(linkIn(mail, app.url)).toBe(`${app.url}/account`);
    expect(mail.text).toContain('If this was not you');
  });

  it('a re-authentication covers only its own session; removal and new recovery codes need one too', async () => {
    const player = { email: `reauth-totp-${stamp}@example.com`, password: 'player horse battery staple' };
    const account = await app.pitboss.accounts.create(player);
    const { secret } = await app.pitboss.mfa.enrolDirect(account);
    const signIn = async (agent: UserAgent, code: string) => {
      const journey = await (await Journey.start(rp.config, agent)).signIn(player);
      await (await journey.verify(code)).tokens();
      return agent;
    };
    const a = await signIn(new UserAgent('player-laptop/1.0'), await unusedCode(secret));
    const b = await signIn(new UserAgent('player-phone/1.0'), await unusedCode(secret));
    const thiefOfB = steal(b);

    // Session A re-authenticates and gets new recovery codes (mail: recovery codes).
    const regen = await post(a, '/account/mfa/recovery-codes', { reauth: player.password });
    expect(regen.status).toBe(200);
    const codes = [...regen.page.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    await smtp.waitFor(factorMail(player.email, /New recovery codes/));

    // B's stolen cookie is not covered by A's re-authentication.
    for (const path of ['/account/mfa/remove', '/account/mfa/recovery-codes']) {
      const refused = await post(thiefOfB, path);
      expect(refused.status).toBe(401);
      expect(refused.page).toContain('Confirm it is you first');
    }
    expect((await app.pitboss.mfa.status(account.id)).totp).toBe(true);

    // A current code (here a recovery code) is a re-authentication too: TOTP goes off, and the player is told.
    const removed = await post(b, '/account/mfa/remove', { reauth: codes[0]! });
    expect(removed.status).toBe(200);
    expect(removed.page).toContain('Two-step verification is off.');
    expect((await app.pitboss.mfa.status(account.id)).totp).toBe(false);
    await smtp.waitFor(factorMail(player.email, /turned off/));
  });
});
