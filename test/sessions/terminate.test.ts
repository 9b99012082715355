import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEnded } from '../../server/sessions/session-events.ts';
import { login } from '../helpers/oidc-flow.ts';
import { readRecord } from '../helpers/redis-records.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { introspect, type Pair, refresh, signIn, startPair } from './fixtures.ts';

describe('session index, terminator and cap (two instances)', () => {
  let pair: Pair;
  const events: SessionEnded[] = [];
  beforeAll(async () => {
    pair = await startPair({ MAX_SESSIONS_PER_ACCOUNT: '2' });
    pair.a.pitboss.sessions.addListener(async (e) => {
      events.push(e);
    });
  });
  afterAll(async () => {
    await pair?.close();
  });

  const auditCount = async (type: string, accountId: string, reason: string) => {
    await pair.a.pitboss.auditPipeline.writer.drain();
    await pair.b.pitboss.auditPipeline.writer.drain();
    const { rows } = await pair.db.pool.query(
      "select count(*)::int as n from audit_log where type = $1 and account_id = $2 and detail->>'reason' = $3",
      [type, accountId, reason],
    );
    return rows[0].n as number;
  };

  it('indexes each login with metadata, oldest first, and keeps the entry across id regeneration', async () => {
    const first = await signIn(pair);
    const sessions = await pair.b.pitboss.sessionIndex.list(first.account.id);
    expect(sessions).toHaveLength(1);
    const [s] = sessions;
    expect(s!.clientIds).toEqual([pair.clientId]);
    expect(s!.amr).toEqual(['pwd']);
    expect(s!.userAgent).toBe('pitboss-test-agent/1.0');
    expect(s!.ip).toBeTruthy();
    expect(s!.expiresAt).toBeGreaterThan(Date.now());
    // Signing in again in the same browser regenerates the session id; the index follows, one entry.
    await login(pair.rp, first.player, { agent: first.agent });
    const after = await pair.b.pitboss.sessionIndex.list(first.account.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.uid).toBe(s!.uid);
    expect(after[0]!.sessionId).not.toBe(s!.sessionId);
    expect(await pair.redis.exists(`${pair.prefix}Session:{${s!.sessionId}}`)).toBe(0);
    const key = `${pair.prefix}Session:{${after[0]!.sessionId}}`;
    const bytes = await pair.redis.memory('USAGE', key);
    const payload = JSON.stringify((await readRecord(pair.redis, key))!.payload);
    console.info(`session record: MEMORY USAGE ${bytes} bytes, payload ${payload.length} bytes`);
    expect(payload.length).toBeLessThan(1024);
  });

  it('ends one session: its grant and tokens die on the other instance, audited, listeners told', async () => {
    const { account, tokens } = await signIn(pair);
    const [session] = await pair.a.pitboss.sessionIndex.list(account.id);
    const counts = await pair.a.pitboss.terminator.endSession(session!.sessionId, 'admin', 'admin-1');
    expect(counts).toEqual({ sessions: 1, grants: 1 });
    expect((await introspect(pair, pair.b.url, tokens.access_token)).active).toBe(false);
    expect((await refresh(pair, pair.b.url, tokens.refresh_token!)).body.error).toBe('invalid_grant');
    expect(await pair.b.pitboss.sessionIndex.list(account.id)).toHaveLength(0);
    expect(await auditCount('session.ended', account.id, 'admin')).toBe(1);
    const event = events.find((e) => e.accountId === account.id)!;
    expect(event).toMatchObject({ reason: 'admin', actor: 'admin-1', sessionId: session!.sessionId });
    expect(event.participants).toEqual([
      { clientId: pair.clientId, sid: expect.any(String), grantId: expect.any(String) },
    ]);
  });

  it('ends everything of an account, and revokes a single grant', async () => {
    const one = await signIn(pair);
    const two = await login(pair.rp, one.player, { agent: new UserAgent('second-device/2.0') });
    expect(await pair.a.pitboss.terminator.endAllForAccount(one.account.id, 'admin')).toEqual({
      sessions: 2,
      grants: 2,
    });
    expect((await introspect(pair, pair.b.url, two.tokens.access_token)).active).toBe(false);

    const three = await signIn(pair);
    const [s] = await pair.a.pitboss.sessionIndex.list(three.account.id);
    const record = await readRecord(pair.redis, `${pair.prefix}Session:{${s!.sessionId}}`);
    const gid = Object.values(record!.payload.authorizations as Record<string, { grantId: string }>)[0]!
      .grantId;
    expect(await pair.a.pitboss.terminator.revokeGrant(gid, 'grant_revoked')).toEqual({
      sessions: 0,
      grants: 1,
    });
    expect((await refresh(pair, pair.b.url, three.tokens.refresh_token!)).body.error).toBe('invalid_grant');
  });

  it('MAX_SESSIONS_PER_ACCOUNT=2: a third login ends the oldest session', async () => {
    const first = await signIn(pair);
    const second = await login(pair.rp, first.player, { agent: new UserAgent('device-2') });
    const third = await login(pair.rp, first.player, { agent: new UserAgent('device-3') });
    const left = await pair.b.pitboss.sessionIndex.list(first.account.id);
    expect(left.map((s) => s.userAgent)).toEqual(['device-2', 'device-3']);
    expect((await introspect(pair, pair.b.url, first.tokens.access_token)).active).toBe(false);
    expect((await introspect(pair, pair.b.url, second.tokens.access_token)).active).toBe(true);
    expect((await introspect(pair, pair.b.url, third.tokens.access_token)).active).toBe(true);
    expect(await auditCount('session.ended', first.account.id, 'cap')).toBe(1);
    expect(events.some((e) => e.accountId === first.account.id && e.reason === 'cap')).toBe(true);
  });
});
