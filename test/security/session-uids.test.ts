import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFixture } from '../admin/admin-fixture.ts';
import { consoleLogin } from '../admin/console-login.ts';
import { registerRp, type TestRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { sessionId as cookieValue } from '../mfa/journey.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

/**
 * Finding 13: the raw `_session` cookie value (the Session record id) was shown by the admin API and the
 * console, published on the Redis event stream and written to audit rows' session_id. Anyone reading those
 * (support staff, a service consuming the stream, an audit export) could ride the player's session.
 * Now each names the session by its uid, and ending by uid still ends it everywhere.
 */
describe('the session cookie value appears nowhere but the cookie', () => {
  let f: Fixture;
  let studio: TestRp;
  let service: string;
  beforeAll(async () => {
    f = await adminFixture();
    studio = await registerRp(f.app, {
      name: 'Roulette Royale',
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: 'openid email offline_access',
      backchannel: true,
    });
    service = await f.serviceToken();
  }, 60_000);
  afterAll(async () => {
    await studio?.close();
    await f?.close();
  });

  /** Every Redis stream under the test's prefix (the session event stream, the audit queue), as text. */
  async function streamsText(): Promise<string> {
    const { redis, prefix } = f.stores;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500, 'TYPE', 'stream');
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    expect(keys.length).toBeGreaterThan(0);
    const entries = await Promise.all(keys.map((key) => redis.xrange(key, '-', '+')));
    return JSON.stringify(entries);
  }

  it('admin API, console, audit export and event stream show the uid; DELETE by uid still ends it', async () => {
    const player = await f.newPlayer('cookie-holder');
    const agent = new UserAgent('Mozilla/5.0 (cookie test)');
    const { tokens } = await login(studio.config, player, { agent });
    const cookie = cookieValue(agent)!;
    expect(cookie).toBeTruthy();

    // Admin API: the listing names the session by something else.
    const listing = await f.api(service, `/users/${player.id}/sessions`);
    expect(listing.status).toBe(200);
    const listed = await listing.text();
    expect(listed).not.toContain(cookie);
    const { items } = JSON.parse(listed) as { items: { id: string; userAgent: string }[] };
    expect(items).toHaveLength(1);
    expect(items[0]!.userAgent).toBe('Mozilla/5.0 (cookie test)');
    const uid = items[0]!.id;

    // The cookie value is not an admin API name for the session either.
    const byCookie = await f.api(service, `/sessions/${encodeURIComponent(cookie)}`, { method: 'DELETE' });
    expect(byCookie.status).toBe(404);

    // Console: the player page (session list, end-session link) and the end-session confirmation.
    const operator = await consoleLogin(f, await f.newMfaAdmin('cookie-console'));
    const playerPage = await operator.agent.request(`${f.app.url}/admin/players/${player.id}`);
    expect(playerPage.status).toBe(200);
    const pageHtml = await playerPage.text();
    expect(pageHtml).toContain('Mozilla/5.0 (cookie test)');
    expect(pageHtml).not.toContain(cookie);
    expect(pageHtml).toContain(`confirm/end-session?target=${encodeURIComponent(uid)}`);
    const confirm = await operator.agent.request(
      `${f.app.url}/admin/players/${player.id}/confirm/end-session?target=${encodeURIComponent(uid)}`,
    );
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).not.toContain(cookie);

    // Ending by uid ends the session everywhere: the studio is told, its refresh token refused.
    const ended = await f.api(service, `/sessions/${encodeURIComponent(uid)}`, {
      method: 'DELETE',
      body: { reason: 'finding 13' },
    });
    expect(ended.status).toBe(200);
    expect((await ended.json()).ended).toMatchObject({ sessions: 1, grants: 1 });
    await expect
      .poll(() => studio.receiver!.receipts.filter((r) => r.sub === player.id).length, { timeout: 15_000 })
      .toBe(1);
    await expect(client.refreshTokenGrant(studio.config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await f.active(tokens.access_token)).toBe(false);

    // Audit trail (export): session_id is the uid, never the cookie value.
    const exported = async () => {
      const res = await f.api(service, `/audit?format=ndjson&account=${player.id}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    await expect
      .poll(async () => (await exported()).includes('"session.ended"'), { timeout: 10_000 })
      .toBe(true);
    const audit = await exported();
    expect(audit).not.toContain(cookie);
    const endedRow = audit
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; sessionId: string | null })
      .find((row) => row.type === 'session.ended');
    expect(endedRow?.sessionId).toBe(uid);

    // The back-channel deliveries the operator sees.
    const deliveries = await (await f.api(service, '/backchannel?limit=200')).text();
    expect(deliveries).toContain(player.id);
    expect(deliveries).not.toContain(cookie);

    // The event stream (and the audit queue stream) in Redis: the uid, never the cookie value.
    const streams = await streamsText();
    expect(streams).toContain(uid);
    expect(streams).not.toContain(cookie);
  });
});
