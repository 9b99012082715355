import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStreamKey } from '../../server/events/session-stream.ts';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';

type Entry = { id: string; type: string; at: string; account_id?: string; data: Record<string, unknown> };

describe('session event stream', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let app: RunningPitboss;
  let rp: client.Configuration;
  let key: string;
  const player = { email: 'events@example.com', password: 'correct horse battery' };

  /** Reads as a consumer group would (the README's example reader), acknowledging what it read. */
  async function readNew(group: string): Promise<Entry[]> {
    await redis.redis.xgroup('CREATE', key, group, '0', 'MKSTREAM').catch(() => undefined);
    const reply = (await redis.redis.xreadgroup(
      'GROUP',
      group,
      'reader-1',
      'COUNT',
      100,
      'STREAMS',
      key,
      '>',
    )) as [string, [string, string[]][]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length) await redis.redis.xack(key, group, ...entries.map(([id]) => id));
    return entries.map(([, f]) => {
      const o: Record<string, string> = {};
      for (let i = 0; i < f.length; i += 2) o[f[i]!] = f[i + 1]!;
      return { ...o, data: JSON.parse(o.data!) } as Entry;
    });
  }

  beforeAll(async () => {
    db = await testDatabase();
    redis = await testRedis();
    app = await startPitboss({
      database: db,
      redis: redis.redis,
      prefix: redis.prefix,
      env: { REFRESH_REUSE_WINDOW: '0' },
    });
    key = sessionStreamKey(redis.prefix);
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({
      name: 'Lobby',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: 'openid email offline_access',
    });
    rp = await discover(app.url, created.clientId, created.clientSecret);
  });
  afterAll(async () => {
    await app?.close();
    await redis?.close();
    await db?.close();
  });

  it('publishes created, ended, grant revoked, reuse and account events, each with a unique id', async () => {
    const account = await app.pitboss.accounts.findByEmail(player.email);
    const { tokens } = await login(rp, player);
    await client.refreshTokenGrant(rp, tokens.refresh_token!);
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toThrow();
    await app.pitboss.observability.sessionEnded({
      accountId: account!.id,
      sessionId: 'sess-1',
      sessionUid: 'uid-1',
      participants: [{ clientId: 'c1', sid: 's1' }, { clientId: 'c2' }, { clientId: 'c1' }],
      reason: 'admin',
      actor: 'admin-7',
    });
    await app.pitboss.audit.record({ type: 'account.disabled', outcome: 'success', accountId: account!.id });

    await expect.poll(async () => (await redis.redis.xlen(key)) >= 6, { timeout: 5000 }).toBe(true);
    const events = await readNew('lobby');
    const byType = (t: string) => events.filter((e) => e.type === t);
    expect(byType('session.created')).toHaveLength(1);
    expect(byType('session.created')[0]!.data).toMatchObject({
      accountId: account!.id,
      clientId: rp.clientMetadata().client_id,
    });
    // The reuse ended the grant through the terminator (one session.ended, reason refresh_reuse) ...
    expect(byType('session.ended').find((e) => e.data.reason === 'refresh_reuse')!.data).toMatchObject({
      accountId: account!.id,
      clientIds: [rp.clientMetadata().client_id],
    });
    // ... and the listener call above published its own.
    // The session is named by its uid only: the record id is the cookie value (DESIGN "Secrets at rest").
    expect(byType('session.ended').find((e) => e.data.reason === 'admin')!.data).toEqual({
      accountId: account!.id,
      sessionId: 'uid-1',
      sessionUid: 'uid-1',
      clientIds: ['c1', 'c2'],
      reason: 'admin',
      actor: 'admin-7',
    });
    expect(byType('grant.revoked')[0]!.data).toMatchObject({
      accountId: account!.id,
      reason: 'refresh_reuse',
    });
    expect(byType('refresh.reuse_detected')).toHaveLength(1);
    expect(byType('account.disabled')[0]!.account_id).toBe(account!.id);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    // No token ever rides on the stream.
    const raw = JSON.stringify(await redis.redis.xrange(key, '-', '+'));
    for (const secret of [tokens.access_token, tokens.refresh_token!, tokens.id_token!])
      expect(raw).not.toContain(secret);
    expect(await redis.redis.pttl(key)).toBeGreaterThan(0);
    // A second read by the same group gets nothing new: consumers process each event once.
    expect(await readNew('lobby')).toEqual([]);
  });
});
