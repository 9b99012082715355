import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { login } from '../helpers/oidc-flow.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

/**
 * Every password change tells the player by mail ("your password was changed", with a link to reset it if it
 * was not them), through the durable outbox and a real SMTP server: on /account, through a reset link (once,
 * not twice) and from the CLI while the server runs.
 */
describe('the password-changed mail, whichever surface changed the password', () => {
  let smtp: TestSmtp;
  let app: TestPitboss;
  let rp: TestRp;
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestPitboss({ env: { SMTP_URL: smtp.url } });
    rp = await registerRp(app, { name: 'Lucky Slots', scope: 'openid email offline_access' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
  });

  const newPlayer = async (name: string) => {
    const player = { email: `${name}-${stamp}@example.com`, password: 'player horse battery staple' };
    await app.pitboss.accounts.create({ ...player, emailVerified: true });
    return player;
  };
  const changedMails = (email: string) =>
    smtp.received.filter(
      (m) => sentTo(email)(m) && /password was changed|Passwort wurde/.test(m.subject ?? ''),
    );
  /** Waits for the first changed mail, then a little longer: a second one would have arrived by then. */
  const onlyChangedMail = async (email: string): Promise<ParsedMail> => {
    await expect.poll(() => changedMails(email).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(changedMails(email)).toHaveLength(1);
    return changedMails(email)[0]!;
  };

  it('/account: a German page gets a German mail linking to "Forgot password?"', async () => {
    const player = await newPlayer('account-change');
    const { agent } = await login(rp.config, player);
    const page = await (await agent.request(`${app.url}/account`)).text();
    const changed = await agent.request(`${app.url}/account/password?ui_locales=de`, {
      form: {
        csrf: hiddenInput(page, 'csrf'),
        current: player.password,
        password: 'a brand new long password',
      },
    });
    expect(changed.status).toBe(200);

    const mail = await onlyChangedMail(player.email);
    expect(mail.subject).toBe('Dein Pitboss-Passwort wurde geändert');
    expect(linkIn(mail, app.url)).toBe(`${app.url}/forgot-password?ui_locales=de`);
  });

  it('a reset link: one "password was changed" mail, not two', async () => {
    const player = await newPlayer('reset-change');
    const agent = new UserAgent();
    const forgot = await (await agent.request(`${app.url}/forgot-password`)).text();
    const asked = await agent.request(new URL(formAction(forgot, 'Send reset link'), app.url).href, {
      form: { csrf: hiddenInput(forgot, 'csrf'), email: player.email },
    });
    expect(asked.status).toBe(200);
    const reset = await smtp.waitFor(
      (m) => sentTo(player.email)(m) && m.subject === 'Reset your Pitboss password',
    );
    const link = linkIn(reset, app.url);
    const form = await (await agent.request(link)).text();
    const done = await agent.request(new URL(formAction(form, 'Set password'), link).href, {
      form: { token: hiddenInput(form, 'token'), password: 'a fresh passphrase from the link' },
    });
    expect(done.status).toBe(200);

    const mail = await onlyChangedMail(player.email);
    expect(mail.subject).toBe('Your Pitboss password was changed');
    expect(linkIn(mail, app.url)).toBe(`${app.url}/forgot-password?ui_locales=en`);
  });

  it('the CLI while the server runs: the mail is queued and the server delivers it', async () => {
    const player = await newPlayer('cli-change');
    const run = await runCli(
      ['user', 'password', '--email', player.email],
      {
        DATABASE_URL: app.db.url,
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: app.redis!.prefix,
        ISSUER: app.url,
      },
      'a password set by the operator\n',
    );
    expect(run.code, run.stderr).toBe(0);

    const mail = await onlyChangedMail(player.email);
    expect(mail.subject).toBe('Your Pitboss password was changed');
    expect(linkIn(mail, app.url)).toBe(`${app.url}/forgot-password?ui_locales=en`);
  });
});
