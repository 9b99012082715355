import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { sample } from './scrape.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('/metrics', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let app: RunningPitboss;
  let rp: client.Configuration;
  const player = { email: 'metrics@example.com', password: 'correct horse battery' };
  const scrape = async () => {
    const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  beforeAll(async () => {
    db = await testDatabase();
    redis = await testRedis();
    app = await startPitboss({
      database: db,
      redis: redis.redis,
      prefix: redis.prefix,
      env: { METRICS_TOKEN: TOKEN, REFRESH_REUSE_WINDOW: '0' },
    });
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({
      name: 'Metrics Studio',
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

  it('requires the metrics token when one is configured', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('moves as logins, refreshes, reuse and failures happen', async () => {
    const before = await scrape();
    expect(sample(before, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    const { tokens } = await login(rp, player);
    const next = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    expect(next.refresh_token).toBeTruthy();
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toThrow(); // reuse
    await expect(login(rp, { ...player, password: 'wrong password' })).rejects.toThrow();
    await app.pitboss.observability.sessionEnded({
      accountId: 'acct',
      sessionUid: 'uid-1',
      participants: [],
      reason: 'idle',
    });

    const after = await scrape();
    const delta = (name: string, labels?: Record<string, string>) =>
      (sample(after, name, labels) || 0) - (sample(before, name, labels) || 0);
    expect(delta('pitboss_sessions_created_total')).toBe(1);
    expect(delta('pitboss_sessions_ended_total', { reason: 'idle' })).toBe(1);
    expect(
      delta('pitboss_token_requests_total', { grant_type: 'authorization_code', outcome: 'success' }),
    ).toBe(1);
    expect(delta('pitboss_token_requests_total', { grant_type: 'refresh_token', outcome: 'success' })).toBe(
      1,
    );
    expect(
      delta('pitboss_token_requests_total', { grant_type: 'refresh_token', outcome: 'invalid_grant' }),
    ).toBe(1);
    expect(delta('pitboss_refresh_rotations_total')).toBe(1);
    expect(delta('pitboss_refresh_reuse_detected_total')).toBe(1);
    expect(delta('pitboss_revocations_total', { source: 'refresh_reuse' })).toBe(1);
    expect(delta('pitboss_login_failures_total')).toBe(1);
    expect(delta('pitboss_audit_events_total', { type: 'login', outcome: 'success' })).toBe(1);
    expect(sample(after, 'pitboss_active_sessions')).toBeGreaterThanOrEqual(1);
    // Route names, never raw paths with ids.
    expect(
      delta('pitboss_http_request_duration_seconds_count', {
        route: 'oidc:token',
        method: 'POST',
        status: '200',
      }),
    ).toBe(2);
    expect(after).toMatch(/route="\/interaction\/:uid\/login"/);
    expect(after).not.toMatch(/route="\/interaction\/[A-Za-z0-9_-]{10,}/);
    expect(delta('pitboss_redis_command_duration_seconds_count')).toBeGreaterThan(5);
    expect(delta('pitboss_postgres_query_duration_seconds_count')).toBeGreaterThan(1);
    expect(sample(after, 'pitboss_audit_backlog', { queue: 'redis' })).toBeGreaterThanOrEqual(0);
  });
});
