import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formAction, hiddenInput } from '../helpers/user-agent.ts';
import { type Endings, type StoreKind, startEndings } from './harness.ts';

/**
 * Every way a session or grant ends, driven from outside (openid-client as the RP, the real pages, the admin
 * API, the CLI), on Redis (two instances behind one issuer) and on the embedded defaults (memory store).
 * Each asserts all the effects through expectEnded: refresh refused, access token inactive, `session.ended`
 * audited and streamed with the reason, the metric moved, the RP told with a logout token it verified.
 */
describe.each<StoreKind>(['redis', 'embedded'])('every ending reaches everything (%s)', (kind) => {
  let e: Endings;
  beforeAll(async () => {
    e = await startEndings(kind, { MAX_SESSIONS_PER_ACCOUNT: '2', REFRESH_REUSE_WINDOW: '2' });
  });
  afterAll(() => e?.close());

  it('RP-initiated logout (end_session), offline grant included', async () => {
    const who = await e.player();
    const s = await e.signIn(who);
    const before = await e.endedMetric('logout');
    const endUrl = client.buildEndSessionUrl(e.studio.config, { id_token_hint: s.tokens.id_token! });
    const confirm = await s.agent.follow(endUrl.href, 'http://unused.invalid/');
    const form = await confirm.res.text();
    const xsrf = form.match(/name="xsrf" value="([^"]+)"/)![1]!;
    const action = new URL(form.match(/action="([^"]+)"/)![1]!, e.app.url).href;
    await s.agent.follow(action, 'http://unused.invalid/', { form: { xsrf, logout: 'yes' } });
    await e.expectEnded(s, who, 'logout', before);
  });

  it('admin API ends one session (DELETE /admin/api/sessions/:sid)', async () => {
    const who = await e.player();
    const s = await e.signIn(who);
    const before = await e.endedMetric('admin');
    const listed = await (await e.adminApi(`/users/${who.id}/sessions`)).json();
    const res = await e.adminApi(`/sessions/${listed.items[0].id}`, 'DELETE');
    expect(res.status).toBe(200);
    await e.expectEnded(s, who, 'admin', before);
  });

  it('account command from the CLI (user disable) reaches the running server', async () => {
    const who = await e.player();
    const s = await e.signIn(who);
    const before = await e.endedMetric('disabled');
    const run = await e.cli(['user', 'disable', '--email', who.email, '--reason', 'fraud review']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'disabled', ended: { sessions: 1 } });
    await e.expectEnded(s, who, 'disabled', before);
  });

  it('refresh-token reuse after the overlap window revokes the grant and tells the RP', async () => {
    const who = await e.player();
    const s = await e.signIn(who);
    const successor = await client.refreshTokenGrant(e.studio.config, s.tokens.refresh_token!);
    const before = await e.endedMetric('refresh_reuse');
    // Presented again after the 2 s window (judged in whole seconds, so 3.5 s is surely past it): reuse.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await expect(client.refreshTokenGrant(e.studio.config, s.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await e.expectEnded({ tokens: successor, sid: s.sid }, who, 'refresh_reuse', before);
  });

  it('/token/revocation of a refresh token ends its grant and tells the RP', async () => {
    const who = await e.player();
    const s = await e.signIn(who);
    const before = await e.endedMetric('revoked');
    await client.tokenRevocation(e.studio.config, s.tokens.refresh_token!, {
      token_type_hint: 'refresh_token',
    });
    await e.expectEnded(s, who, 'revoked', before);
  });

  it('the session cap ends the oldest session (MAX_SESSIONS_PER_ACCOUNT=2)', async () => {
    const who = await e.player();
    const oldest = await e.signIn(who);
    await e.signIn(who);
    const before = await e.endedMetric('cap');
    await e.signIn(who);
    await e.expectEnded(oldest, who, 'cap', before);
  });

  it('time limit set from the CLI ends the session when reached', async () => {
    const who = await e.player();
    const run = await e.cli(['user', 'limit', '--email', who.email, '--session-minutes', '1']);
    expect(run.code, run.stderr).toBe(0);
    // The running server hears of the change (Redis cache, or the shared database when embedded).
    await expect
      .poll(async () => (await e.app.pitboss.sessions.versions.current(who.id))?.limitMinutes)
      .toBe(1);
    const s = await e.signIn(who);
    const before = await e.endedMetric('time_limit');
    // Play the session as if signed in 57 s ago rather than wait a minute; its next save re-schedules it.
    const provider = e.app.pitboss.live.current();
    const token = await provider.AccessToken.find(s.tokens.access_token);
    const session = (await provider.Session.findByUid(token!.sessionUid!)) as unknown as {
      loginTs: number;
      save(ttl: number): Promise<unknown>;
    };
    session.loginTs -= 57;
    await session.save(600);
    await e.expectEnded(s, who, 'time_limit', before);
  });

  it("/account password change ends the player's other sessions and keeps this one", async () => {
    const who = await e.player();
    const other = await e.signIn(who);
    const here = await e.signIn(who);
    const before = await e.endedMetric('password_changed');
    // The change is made on the last instance; the other session is refused on the first one.
    const on = e.instances.at(-1)!;
    const page = await (await here.agent.request(`${on.url}/account`)).text();
    const res = await here.agent.request(
      new URL(formAction(page, 'Change password'), `${on.url}/account`).href,
      {
        form: {
          csrf: hiddenInput(page, 'csrf'),
          current: who.password,
          password: 'a new endings password 2',
        },
      },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your password has been changed.');
    // Within the next request, on another instance: the other browser is signed out of /account (which
    // sends it to sign in again).
    const signedOut = await other.agent.request(`${e.app.url}/account`);
    expect(signedOut.status).toBe(303);
    expect(new URL(signedOut.headers.get('location')!).pathname).toBe('/auth');
    expect((await here.agent.request(`${e.app.url}/account`)).status).toBe(200);
    await e.expectEnded(other, who, 'password_changed', before);
  });
});
