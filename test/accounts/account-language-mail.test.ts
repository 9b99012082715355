import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFixture } from '../admin/admin-fixture.ts';
import { registerRp, type TestRp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { login } from '../helpers/oidc-flow.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/**
 * Mail that answers no page request (an operator's reset link, a password set from the CLI) is written in
 * the player's own language: the one their registration page was shown in, then the one of their last
 * sign-in page. Over real SMTP, real HTTP and the real CLI.
 */
describe("mail outside a page request speaks the account's language", () => {
  let smtp: TestSmtp;
  let f: Fixture;
  let studio: TestRp;
  let service: string;
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    smtp = await startSmtp();
    f = await adminFixture({ SMTP_URL: smtp.url, REQUIRE_EMAIL_VERIFICATION: 'false' });
    studio = await registerRp(f.app, { name: 'Poker Palace', scope: 'openid email offline_access' });
    service = await f.serviceToken();
  }, 60_000);
  afterAll(async () => {
    await studio?.close();
    await f?.close();
    await smtp?.stop();
  });

  /** The operator's "send password reset" (admin API), answered 200. */
  const adminReset = async (id: string) => {
    const res = await f.api(service, `/users/${id}/password-reset`, {
      method: 'POST',
      body: { reason: 'player asked support for a reset link' },
    });
    expect(res.status).toBe(200);
  };
  const resetMails = (email: string) => smtp.received.filter(sentTo(email));

  it('registered on a Swedish page: the admin reset mail is Swedish; after a German sign-in it is German', async () => {
    const player = { email: `sv-player-${stamp}@example.com`, password: 'spelare häst batteri häftklammer' };
    const agent = new UserAgent();
    const page = await (await agent.request(`${f.app.url}/register?ui_locales=sv`)).text();
    const done = await agent.request(new URL(formAction(page, 'Skapa konto'), f.app.url).href, {
      form: {
        csrf: hiddenInput(page, 'csrf'),
        email: player.email,
        password: player.password,
        date_of_birth: '1990-04-02',
        terms: 'accepted',
      },
    });
    expect(done.status).toBe(200);
    const id = (await (await f.api(service, `/users?email=${encodeURIComponent(player.email)}`)).json()).user
      .id as string;
    expect(id).toBeTruthy();

    await adminReset(id);
    const swedish = await smtp.waitFor(
      (m) => sentTo(player.email)(m) && m.subject === 'Återställ ditt lösenord hos Pitboss',
    );
    expect(linkIn(swedish, f.app.url)).toContain('ui_locales=sv');
    expect(swedish.html).toContain('lang="sv"');

    await login(studio.config, player, { extra: { ui_locales: 'de' } });
    const before = resetMails(player.email).length;
    await adminReset(id);
    const german = await smtp.waitFor(
      (m) => sentTo(player.email)(m) && m.subject === 'Setze dein Pitboss-Passwort zurück',
    );
    expect(linkIn(german, f.app.url)).toContain('ui_locales=de');
    expect(resetMails(player.email).length).toBe(before + 1);
  });

  it('signed in on a German page: a password set from the CLI is announced in German', async () => {
    const player = await f.newPlayer('de-cli');
    await login(studio.config, player, { extra: { ui_locales: 'de' } });
    const run = await runCli(
      ['user', 'password', '--email', player.email],
      {
        DATABASE_URL: f.app.db.url,
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: f.app.redis!.prefix,
        ISSUER: f.app.url,
      },
      'a password set by the operator\n',
    );
    expect(run.code, run.stderr).toBe(0);
    const mail = await smtp.waitFor(
      (m) => sentTo(player.email)(m) && m.subject === 'Dein Pitboss-Passwort wurde geändert',
    );
    expect(linkIn(mail, f.app.url)).toBe(`${f.app.url}/forgot-password?ui_locales=de`);
  });

  it('never seen on a page (an operator-made account): English', async () => {
    const player = await f.newPlayer('never-signed-in');
    await adminReset(player.id);
    const mail = await smtp.waitFor(
      (m) => sentTo(player.email)(m) && m.subject === 'Reset your Pitboss password',
    );
    expect(linkIn(mail, f.app.url)).toContain('ui_locales=en');
  });
});
