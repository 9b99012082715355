import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { openLogin } from './login-page.ts';

const LIMITS = {
  TRUST_PROXY: 'true',
  LOGIN_ACCOUNT_MAX_FAILURES: '3',
  LOGIN_IP_MAX_ATTEMPTS: '6',
  LOGIN_LOCKOUT_SECONDS: '120',
  LOGIN_DELAY_MS: '20',
  TOKEN_RATE_LIMIT_PER_MINUTE: '5',
  ADMIN_RATE_LIMIT_PER_MINUTE: '3',
};

describe('rate limits shared by two instances on one Redis', () => {
  let a: RunningPitboss;
  let b: RunningPitboss;
  let rp: client.Configuration;
  let db: Awaited<ReturnType<typeof testDatabase>>;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'Lucky@Example.com', password: 'lucky password 1' };
  let ipCounter = 0;
  /** Each test its own client IP (X-Forwarded-For behind TRUST_PROXY), so IP counters do not mix. */
  const freshIp = () => ({ 'x-forwarded-for': `198.51.100.${++ipCounter}` });

  beforeAll(async () => {
    db = await testDatabase();
    const redis = await testRedis();
    a = await startPitboss({ database: db, redis: redis.redis, prefix: redis.prefix, env: LIMITS });
    b = await startPitboss({
      database: db,
      redis: redis.redis,
      prefix: redis.prefix,
      env: { ...LIMITS, ISSUER: a.url },
    });
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => redis.close(),
      () => db.close(),
    );
    await a.pitboss.accounts.create(player);
    const created = await a.pitboss.clients.create({ name: 'Roulette Royale', redirectUris: [REDIRECT_URI] });
    rp = await discover(a.url, created.clientId, created.clientSecret);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /** Three failures alternating instances, then the fourth attempt, with the right password, on B. */
  async function lockOut(email: string, password: string) {
    const login = await openLogin(rp, freshIp());
    const failures: number[] = [];
    for (const base of [a.url, b.url, a.url]) {
      failures.push((await login.post({ email, password: 'wrong password' }, base)).status);
    }
    const started = Date.now();
    const locked = await login.post({ email, password }, b.url);
    return { failures, locked, page: await locked.text(), ms: Date.now() - started };
  }

  it('locks an account out after the limit, on every instance, with 429 + Retry-After and an audit event', async () => {
    // Normalised email: case and surrounding spaces do not give an attacker fresh counters.
    const { failures, locked, page } = await lockOut(' lucky@EXAMPLE.com ', player.password);
    expect(failures).toEqual([401, 401, 401]);
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(page).toContain('Too many attempts, try again in 2 minutes');
    // Still locked on A for a fresh browser from another IP.
    const again = await (await openLogin(rp, freshIp())).post(player, a.url);
    expect(again.status).toBe(429);
    // Audit entries reach Postgres through a queue and a background writer: wait for the row.
    let rows: { detail: unknown }[] = [];
    for (const deadline = Date.now() + 10_000; rows.length === 0 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ({ rows } = await db.pool.query(
        "select outcome, ip, detail from audit_log where type = 'login.lockout' order by id",
      ));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0].detail).toMatchObject({ scope: 'account' });
    expect(JSON.stringify(rows[0])).not.toContain('lucky@example.com');
    expect(JSON.stringify(rows)).not.toContain(player.password);
  });

  it('answers an unknown email exactly like a known one (no account enumeration)', async () => {
    await a.pitboss.accounts.create({ email: 'known@example.com', password: 'known password 1' });
    const known = await lockOut('known@example.com', 'known password 1');
    const unknown = await lockOut('nobody-here@example.com', 'whatever password');
    expect(unknown.failures).toEqual(known.failures);
    expect(unknown.locked.status).toBe(known.locked.status);
    const strip = (page: string) => page.replace(/value="[^"]*"/g, '').replace(/\/interaction\/[^"/]+/g, '');
    expect(strip(unknown.page)).toBe(strip(known.page));
    // A locked-out attempt checks no password at all, for both.
    expect(known.ms).toBeLessThan(1500);
    expect(unknown.ms).toBeLessThan(1500);
  });

  it('resets the account counter after a successful login', async () => {
    const email = 'reset@example.com';
    await a.pitboss.accounts.create({ email, password: 'reset password 1' });
    const first = await openLogin(rp, freshIp());
    for (let i = 0; i < 2; i++) expect((await first.post({ email, password: 'nope nope' })).status).toBe(401);
    expect((await first.post({ email, password: 'reset password 1' })).status).toBe(303);
    const second = await openLogin(rp, freshIp());
    for (let i = 0; i < 3; i++)
      expect((await second.post({ email, password: 'nope nope' })).status).toBe(401);
    expect((await second.post({ email, password: 'reset password 1' })).status).toBe(429);
  });

  it('limits attempts per IP across different emails', async () => {
    const login = await openLogin(rp, freshIp());
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await login.post({ email: `ip-${i}@example.com`, password: 'x' }, i % 2 ? b.url : a.url)).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });

  it('limits the token endpoint per (client, IP) for Basic clients, per IP for the rest, never other clients', async () => {
    const noisy = await a.pitboss.clients.create({
      name: 'Noisy',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['client_credentials'],
      scope: 'openid',
    });
    const quiet = await a.pitboss.clients.create({
      name: 'Quiet',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['client_credentials'],
      scope: 'openid',
    });
    const basic = (c: { clientId: string; clientSecret?: string }) =>
      `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${i % 2 ? b.url : a.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(noisy) },
        body: 'grant_type=client_credentials',
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // client_secret_post: the id is in the body, read only by the provider, so the caller's IP is the key.
    const post = await fetch(`${a.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: noisy.clientId,
        client_secret: noisy.clientSecret!,
      }).toString(),
    });
    expect(post.status).toBe(200);
    const other = await fetch(`${a.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: quiet.clientId,
        client_secret: quiet.clientSecret!,
      }).toString(),
    });
    expect(other.status).toBe(200);
    expect((await other.json()).access_token).toBeTruthy();
  });

  it('limits the admin API per bearer token', async () => {
    const ops = await a.pitboss.clients.create({
      name: 'Ops',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scope: 'admin',
    });
    const basic = `Basic ${Buffer.from(`${ops.clientId}:${ops.clientSecret}`).toString('base64')}`;
    const token = async () => {
      const res = await fetch(`${a.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
        body: 'grant_type=client_credentials&scope=admin',
      });
      return (await res.json()).access_token as string;
    };
    const [first, second] = [await token(), await token()];
    const call = (t: string, base: string) =>
      fetch(`${base}/admin/api/users?email=lucky@example.com`, { headers: { authorization: `Bearer ${t}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(first, i % 2 ? b.url : a.url)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await call(second, a.url)).status).toBe(200);
  });
});
