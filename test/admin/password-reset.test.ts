import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRp, type TestRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { linkIn, sentTo, startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';
import { adminFixture } from './admin-fixture.ts';
import { consoleLogin } from './console-login.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/** POST /admin/api/users/:id/password-reset and the console's "Send password reset", over real SMTP. */
describe('an operator sends a player a password reset mail', () => {
  let smtp: TestSmtp;
  let f: Fixture;
  let studio: TestRp;
  let service: string;
  beforeAll(async () => {
    smtp = await startSmtp();
    f = await adminFixture({ SMTP_URL: smtp.url });
    studio = await registerRp(f.app, {
      name: 'Poker Palace',
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: 'openid email offline_access',
      backchannel: true,
    });
    service = await f.serviceToken();
  }, 60_000);
  afterAll(async () => {
    await studio?.close();
    await f?.close();
    await smtp?.stop();
  });

  /** Opens the mailed link and sets `password` on its page, as the player's browser would. */
  async function useLink(link: string, password: string) {
    const agent = new UserAgent();
    const form = await agent.request(link);
    expect(form.status).toBe(200);
    const page = await form.text();
    const done = await agent.request(new URL(formAction(page, 'Set password'), link).href, {
      form: { token: hiddenInput(page, 'token'), password },
    });
    return { status: done.status, page: await done.text() };
  }

  it('mails a working link; setting the password ends the old sessions and tells the studio', async () => {
    const player = await f.newPlayer('reset-by-admin');
    const { tokens } = await login(studio.config, player);
    const res = await f.api(service, `/users/${player.id}/password-reset`, {
      method: 'POST',
      body: { reason: 'player called support, locked out of mail client' },
    });
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.user).toMatchObject({ id: player.id, email: player.email, status: 'active' });
    expect(answer.resetMail.to).toBe(player.email);
    expect(Date.parse(answer.resetMail.linkExpiresAt)).toBeGreaterThan(Date.now());
    // Nothing ends before the link is used.
    expect(await f.active(tokens.access_token)).toBe(true);

    const mail = await smtp.waitFor(sentTo(player.email));
    expect(mail.subject).toBe('Reset your Pitboss password');
    const link = linkIn(mail, f.app.url);
    const done = await useLink(link, 'a fresh passphrase from support');
    expect(done.status).toBe(200);
    expect(done.page).toContain('Your password has been changed');

    // The old password no longer signs in; the new one does.
    await expect(login(studio.config, player)).rejects.toThrow();
    await login(studio.config, { email: player.email, password: 'a fresh passphrase from support' });
    // The old session's tokens are dead and the studio got a verified logout token.
    await expect(client.refreshTokenGrant(studio.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await f.active(tokens.access_token)).toBe(false);
    await expect
      .poll(() => studio.receiver!.receipts.some((r) => r.sub === player.id), { timeout: 15_000 })
      .toBe(true);
    // The link was single use.
    const again = await new UserAgent().request(link);
    expect(again.status).toBe(400);

    // Audited with the operator's id and the reason.
    const opsClient = (await f.api(service, `/clients?limit=200`).then((r) => r.json())).items.find(
      (c: { metadata: { client_name?: string } }) => c.metadata.client_name === 'Ops tooling',
    ).clientId;
    await expect
      .poll(
        async () =>
          (await (await f.api(service, `/audit?account=${player.id}&type=admin.action`)).json()).items.map(
            (e: { detail: Record<string, unknown> }) => e.detail,
          ),
        { timeout: 10_000 },
      )
      .toContainEqual(
        expect.objectContaining({
          action: 'account.password_reset',
          admin: opsClient,
          surface: 'admin_api',
          reason: 'player called support, locked out of mail client',
          target: player.id,
        }),
      );
  });

  it('reason optional; 400 on a bad body, 404 unknown, 409 not active; support 403; in the OpenAPI document', async () => {
    const player = await f.newPlayer('reset-paths');
    const post = (token: string, id: string, body?: unknown) =>
      f.api(token, `/users/${id}/password-reset`, { method: 'POST', body });
    expect((await post(service, player.id)).status).toBe(200);
    const bad = await post(service, player.id, { reason: 7 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('reason');
    const extra = await post(service, player.id, { reason: 'x', sendTo: 'attacker@example.com' });
    expect(extra.status).toBe(400);
    expect((await post(service, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const support = await f.operatorToken('reset-support', 'support');
    const refused = await post(support.token, player.id, { reason: 'support may not' });
    expect(refused.status).toBe(403);
    const disabled = await f.newPlayer('reset-disabled');
    expect(
      (await f.api(service, `/users/${disabled.id}/disable`, { method: 'POST', body: { reason: 't' } }))
        .status,
    ).toBe(200);
    expect((await post(service, disabled.id)).status).toBe(409);
    // One mail only: the first request (the refused ones sent nothing).
    await smtp.waitFor(sentTo(player.email));
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.filter(sentTo(player.email))).toHaveLength(1);
    expect(smtp.received.some(sentTo(disabled.email))).toBe(false);

    const openapi = await (await fetch(`${f.app.url}/admin/api/openapi.json`)).json();
    expect(openapi.paths['/users/{id}/password-reset'].post).toMatchObject({
      operationId: 'sendPasswordReset',
      'x-roles': ['admin'],
    });
  });

  it('console: confirmation with a reason, result page; support sees no button and is refused', async () => {
    const player = await f.newPlayer('reset-console');
    const admin = await consoleLogin(f, await f.newMfaAdmin('reset-console-admin'));
    const support = await consoleLogin(f, await f.newMfaAdmin('reset-console-support', 'support'));
    const playerPath = `/admin/players/${player.id}`;
    const adminPage = await (await admin.agent.request(`${f.app.url}${playerPath}`)).text();
    expect(adminPage).toContain(`${playerPath}/confirm/password-reset`);
    const supportPage = await (await support.agent.request(`${f.app.url}${playerPath}`)).text();
    expect(supportPage).not.toContain('/confirm/password-reset');

    const confirm = await admin.agent.request(`${f.app.url}${playerPath}/confirm/password-reset`);
    expect(confirm.status).toBe(200);
    const confirmPage = await confirm.text();
    expect(confirmPage).toContain('Send password reset');
    const csrf = hiddenInput(confirmPage, 'csrf');
    const doPath = `${f.app.url}${playerPath}/do/password-reset`;
    // A blank reason is refused; a forged CSRF token too; nothing is sent.
    expect((await admin.agent.request(doPath, { form: { csrf, reason: ' ' } })).status).toBe(400);
    expect((await admin.agent.request(doPath, { form: { csrf: 'forged', reason: 'r' } })).status).toBe(403);
    const supportCsrf = hiddenInput(support.page, 'csrf');
    expect(
      (await support.agent.request(doPath, { form: { csrf: supportCsrf, reason: 'support tries' } })).status,
    ).toBe(403);
    expect(smtp.received.some(sentTo(player.email))).toBe(false);

    const done = await admin.agent.request(doPath, { form: { csrf, reason: 'asked by phone' } });
    expect(done.status).toBe(303);
    const result = await admin.agent.request(new URL(done.headers.get('location')!, f.app.url).href);
    expect(await result.text()).toContain(`Reset link mailed to ${player.email}`);
    const mail = await smtp.waitFor(sentTo(player.email));
    expect(linkIn(mail, f.app.url)).toContain('/reset-password?token=');
  });
});
