import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { readRecord, writeRecord } from '../helpers/redis-records.ts';
import {
  authorizationCode,
  grantOf,
  liveRefreshTokens,
  type Pair,
  refresh,
  signIn,
  startPair,
  tokenRequest,
} from '../sessions/fixtures.ts';

/** Fires `n` refreshes of one token, alternating between the two instances, all at once. */
async function race(pair: Pair, token: string, n: number) {
  return Promise.all(
    Array.from({ length: n }, (_, i) => refresh(pair, i % 2 === 0 ? pair.a.url : pair.b.url, token)),
  );
}

describe('refresh rotation without overlap window (REFRESH_REUSE_WINDOW=0)', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair({ REFRESH_REUSE_WINDOW: '0' });
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('200 parallel refreshes across two instances: exactly one success, never two live successors', async () => {
    const { tokens } = await signIn(pair);
    const grantId = await grantOf(pair, tokens.refresh_token!);
    const results = await race(pair, tokens.refresh_token!, 200);
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('invalid_grant');
    }
    // Late requests saw a consumed token (reuse) and may have revoked the grant; never more than one chain.
    expect((await liveRefreshTokens(pair, grantId)).length).toBeLessThanOrEqual(1);
  });

  it('reuse of a rotated token revokes the whole grant and is audited', async () => {
    const { tokens, account } = await signIn(pair);
    const first = await refresh(pair, pair.a.url, tokens.refresh_token!);
    expect(first.status).toBe(200);
    const replay = await refresh(pair, pair.b.url, tokens.refresh_token!);
    expect(replay.body.error).toBe('invalid_grant');
    const successor = await refresh(pair, pair.a.url, String(first.body.refresh_token));
    expect(successor.body.error).toBe('invalid_grant');
    // The audit trail is written asynchronously (Redis stream -> writer); drain both instances' writers.
    await pair.a.pitboss.auditPipeline.writer.drain();
    await pair.b.pitboss.auditPipeline.writer.drain();
    const { rows } = await pair.db.pool.query(
      "select count(*)::int as n from audit_log where type = 'token.reuse_detected' and account_id = $1",
      [account.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('an authorization code redeemed 20 times in parallel yields tokens once', async () => {
    const { player } = await signIn(pair);
    const { code, verifier } = await authorizationCode(pair, player);
    const form = {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => tokenRequest(pair, i % 2 ? pair.a.url : pair.b.url, form)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error).toBe('invalid_grant');
  });
});

describe('refresh rotation with a 10 s overlap window', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair({ REFRESH_REUSE_WINDOW: '10' });
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('200 parallel refreshes: every success carries the same successor; one live refresh token remains', async () => {
    const { tokens } = await signIn(pair);
    const grantId = await grantOf(pair, tokens.refresh_token!);
    const results = await race(pair, tokens.refresh_token!, 200);
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.body.refresh_token)).size).toBe(1);
    expect(new Set(ok.map((r) => r.body.access_token)).size).toBe(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error).toBe('invalid_grant');
    const live = await liveRefreshTokens(pair, grantId);
    expect(live).toHaveLength(1);
    expect(live[0]).toContain(String(ok[0]!.body.refresh_token));
    expect((await refresh(pair, pair.b.url, String(ok[0]!.body.refresh_token))).status).toBe(200);
  });

  it('a retry inside the window gets the same successor and does not revoke', async () => {
    const { tokens } = await signIn(pair);
    const first = await refresh(pair, pair.a.url, tokens.refresh_token!);
    const retry = await refresh(pair, pair.b.url, tokens.refresh_token!);
    expect(retry.status).toBe(200);
    expect(retry.body.refresh_token).toBe(first.body.refresh_token);
    expect(retry.body.access_token).toBe(first.body.access_token);
    expect(Number(retry.body.expires_in)).toBeLessThanOrEqual(Number(first.body.expires_in));
    expect((await refresh(pair, pair.a.url, String(first.body.refresh_token))).status).toBe(200);
  });

  it('reuse after the window revokes the grant', async () => {
    const { tokens } = await signIn(pair);
    const first = await refresh(pair, pair.a.url, tokens.refresh_token!);
    // Age the consumption past the window instead of sleeping 10 s.
    const key = `${pair.prefix}RefreshToken:{${tokens.refresh_token}}`;
    const record = (await readRecord(pair.redis, key))!;
    expect(record.consumed).toBeDefined();
    await writeRecord(pair.redis, key, { ...record, consumed: Math.floor(Date.now() / 1000) - 60 });
    const replay = await refresh(pair, pair.b.url, tokens.refresh_token!);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await refresh(pair, pair.a.url, String(first.body.refresh_token))).body.error).toBe(
      'invalid_grant',
    );
  });

  it('a different client cannot collect the successor with a rotated token', async () => {
    const { tokens } = await signIn(pair);
    await refresh(pair, pair.a.url, tokens.refresh_token!);
    const other = await pair.a.pitboss.clients.create({
      name: 'Other Studio',
      redirectUris: ['http://127.0.0.1:8765/callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    const res = await fetch(`${pair.b.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token!,
        client_id: other.clientId,
        client_secret: other.clientSecret!,
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });
});
