import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { type Receiver, startReceiver } from '../logout/receiver.ts';
import { adminFixture } from './admin-fixture.ts';
import { consoleLogin, consoleRequests } from './console-login.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/** The player page's Time-out and Self-exclusion: confirmation with period and reason, result naming each studio. */
describe('console: time-out and self-exclusion (HTTP)', () => {
  let f: Fixture;
  let receiver: Receiver;
  let studio: client.Configuration;
  let service: string;
  let admin: Awaited<ReturnType<typeof consoleLogin>>;
  let support: Awaited<ReturnType<typeof consoleLogin>>;
  beforeAll(async () => {
    f = await adminFixture();
    let clientId = '';
    receiver = await startReceiver({ issuer: f.app.url, clientId: () => clientId });
    const created = await f.app.pitboss.clients.create({
      name: 'Roulette Royale',
      redirectUris: [REDIRECT_URI],
      backchannelLogoutUri: receiver.url,
      scope: 'openid email offline_access',
    });
    clientId = created.clientId;
    studio = await discover(f.app.url, created.clientId, created.clientSecret);
    service = await f.serviceToken();
    admin = await consoleLogin(f, await f.newMfaAdmin('restrict-admin'));
    support = await consoleLogin(f, await f.newMfaAdmin('restrict-support', 'support'));
  }, 90_000);
  afterAll(async () => {
    await receiver?.close();
    await f?.close();
  });
  const { get, post } = consoleRequests(() => f.app.url);
  const restriction = async (id: string) =>
    (await (await f.api(service, `/users/${id}`)).json()).responsibleGambling.restriction;

  it('an admin sets a time-out: period and reason asked, everything ends, the result names the studio told', async () => {
    const player = await f.newPlayer('console-timeout');
    const held = await login(studio, player);
    const playerPage = await (await get(admin, `/admin/players/${player.id}`)).text();
    expect(playerPage).toContain(`href="/admin/players/${player.id}/confirm/timeout"`);
    expect(playerPage).toContain(`href="/admin/players/${player.id}/confirm/self-exclusion"`);

    const confirm = await get(admin, `/admin/players/${player.id}/confirm/timeout`);
    expect(confirm.status).toBe(200);
    const form = await confirm.text();
    expect(form).toContain('<select id="period" name="period" required>');
    for (const label of ['24 hours', '1 week', '1 month', '6 weeks'])
      expect(form).toContain(`>${label}</option>`);
    expect(form).not.toContain('>6 months</option>');
    expect(form).toContain('Reason (kept in the audit trail)');

    const path = `/admin/players/${player.id}/do/timeout`;
    const noPeriod = await post(admin, path, { reason: 'asked for a break' });
    expect(noPeriod.status).toBe(400);
    expect(await noPeriod.text()).toContain('Period: choose one of 24 hours, 1 week, 1 month, 6 weeks');
    expect((await post(admin, path, { period: '6m', reason: 'wrong kind' })).status).toBe(400);
    const noReason = await post(admin, path, { period: '7d', reason: '  ' });
    expect(noReason.status).toBe(400);
    const again = await noReason.text();
    expect(again).toContain('Reason: is required');
    expect(again).toContain('<option value="7d" selected>'); // the choice is kept
    expect((await post(admin, path, { period: '7d', reason: 'x', csrf: 'forged' })).status).toBe(403);
    // Nothing was restricted by the refused posts: the player's refresh token still works.
    expect(await restriction(player.id)).toBeNull();
    const refreshed = await client.refreshTokenGrant(studio, held.tokens.refresh_token!);

    const done = await post(admin, path, { period: '7d', reason: 'player asked for a week off' });
    expect(done.status).toBe(303);
    const resultUrl = done.headers.get('location')!;
    expect(resultUrl).toMatch(/^\/admin\/results\//);
    const shown = await restriction(player.id);
    expect(shown.kind).toBe('timeout');
    expect((Date.parse(shown.until) - Date.parse(shown.since)) / 86_400_000).toBeCloseTo(7, 3);
    const until = shown.until.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    const result = await (await get(admin, resultUrl)).text();
    expect(result).toContain(`Time-out (7d) in force until ${until}. 1 session and 1 grant ended.`);
    expect(result).toContain('Reason: player asked for a week off');
    expect(result).toContain('<td>Roulette Royale</td>');
    await expect
      .poll(async () => (await get(admin, resultUrl)).text(), { timeout: 20_000 })
      .toContain('<td class="state-delivered">delivered</td>');
    expect(receiver.receipts.map((r) => r.sub)).toContain(player.id);
    // Ended from outside: the studio's refresh token is refused and the right password no longer signs in.
    await expect(
      client.refreshTokenGrant(studio, refreshed.refresh_token ?? held.tokens.refresh_token!),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await f.active(held.tokens.access_token)).toBe(false);
    await expect(login(studio, player)).rejects.toThrow();

    await f.app.pitboss.auditPipeline.writer.drain();
    const rows = (await (await f.api(service, `/audit?account=${player.id}&type=admin.action`)).json()).items;
    expect(rows[0].detail).toMatchObject({
      action: 'account.timeout',
      surface: 'console',
      reason: 'player asked for a week off',
      period: '7d',
    });
  });

  it('an admin sets a permanent self-exclusion; the result says so', async () => {
    const player = await f.newPlayer('console-exclusion');
    const form = await (await get(admin, `/admin/players/${player.id}/confirm/self-exclusion`)).text();
    for (const label of ['6 months', '1 year', '5 years', 'Permanent'])
      expect(form).toContain(`>${label}</option>`);
    const done = await post(admin, `/admin/players/${player.id}/do/self-exclusion`, {
      period: 'permanent',
      reason: 'player asked, by signed letter',
    });
    expect(done.status).toBe(303);
    const result = await (await get(admin, done.headers.get('location')!)).text();
    expect(result).toContain(
      'Self-exclusion (permanent) in force permanently. 0 sessions and 0 grants ended.',
    );
    expect(result).toContain('No studio was told');
    expect(await restriction(player.id)).toMatchObject({ kind: 'self_exclusion', until: null });
    await expect(login(studio, player)).rejects.toThrow();
  });

  it('support sees neither button and gets 403 on the confirmation and the POST', async () => {
    const player = await f.newPlayer('console-restrict-support');
    const page = await (await get(support, `/admin/players/${player.id}`)).text();
    expect(page).toContain('/confirm/end-all');
    expect(page).not.toContain('/confirm/timeout');
    expect(page).not.toContain('/confirm/self-exclusion');
    for (const [action, period] of [
      ['timeout', '24h'],
      ['self-exclusion', '6m'],
    ] as const) {
      expect((await get(support, `/admin/players/${player.id}/confirm/${action}`)).status).toBe(403);
      const refused = await post(support, `/admin/players/${player.id}/do/${action}`, {
        period,
        reason: 'support tries',
      });
      expect(refused.status).toBe(403);
    }
    expect(await restriction(player.id)).toBeNull();
    await login(studio, player);
  });
});
