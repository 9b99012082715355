import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCounters } from '../../adapters/memory/counters.ts';
import { createMemoryReplayGuard } from '../../adapters/memory/replay-guard.ts';
import { createAccountStore } from '../../adapters/postgres/account-store.ts';
import { createDirectAuditLog } from '../../adapters/postgres/audit-store.ts';
import { createMfaStore } from '../../adapters/postgres/mfa-store.ts';
import { redisCounters } from '../../adapters/redis/counters.ts';
import { createRedisValues } from '../../adapters/redis/expiring-values.ts';
import { createRedisReplayGuard } from '../../adapters/redis/replay-guard.ts';
import { createAttemptLimiter } from '../../server/mfa/attempt-limiter.ts';
import { createMfa } from '../../server/mfa/create-mfa.ts';
import { openSecret } from '../../server/mfa/secret-box.ts';
import { runCli } from '../helpers/cli.ts';
import { testDatabase } from '../helpers/database.ts';
import { testRedis } from '../helpers/redis.ts';

const KEY = Buffer.from('mfa-store-test-key-0123456789abc');

describe('MFA storage, replay guard, limiter and CLI', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  beforeAll(async () => {
    db = await testDatabase();
    redis = await testRedis();
  });
  afterAll(async () => {
    await redis?.close();
    await db?.close();
  });
  const mfaService = () =>
    createMfa({
      store: createMfaStore(db.pool),
      guard: createRedisReplayGuard(redis.redis, redis.prefix),
      counters: redisCounters(redis.redis),
      prefix: redis.prefix,
      key: KEY,
      audit: createDirectAuditLog(db.pool),
      pending: createRedisValues(redis.redis, { prefix: redis.prefix, namespace: 'mfa:pending' }),
    });

  it('keeps the TOTP secret encrypted at rest, bound to its account', async () => {
    const accounts = createAccountStore(db.pool);
    const a = await accounts.create({ email: 'rest-a@example.com', password: 'long enough pw' });
    const b = await accounts.create({ email: 'rest-b@example.com', password: 'long enough pw' });
    const { secret } = await mfaService().enrolDirect(a);
    const { rows } = await db.pool.query('select totp_secret from account_mfa where account_id = $1', [a.id]);
    const stored = rows[0].totp_secret as string;
    expect(stored).not.toContain(secret);
    expect(stored).toMatch(/^v1\./);
    expect(openSecret(KEY, a.id, stored)).toBe(secret);
    expect(() => openSecret(KEY, b.id, stored)).toThrow();
    expect(() => openSecret(Buffer.alloc(32, 4), a.id, stored)).toThrow();
  });

  it('claims a code once in Redis, with a TTL, and once in memory', async () => {
    const guard = createRedisReplayGuard(redis.redis, redis.prefix);
    expect(await guard.claim('acct:1', 120)).toBe(true);
    expect(await guard.claim('acct:1', 120)).toBe(false);
    const ttl = await redis.redis.ttl(`${redis.prefix}mfa:used:{acct:1}`);
    expect(ttl).toBeGreaterThan(0);
    let now = 0;
    const memory = createMemoryReplayGuard(() => now);
    expect(await memory.claim('k', 120)).toBe(true);
    expect(await memory.claim('k', 120)).toBe(false);
    now = 121_000;
    expect(await memory.claim('k', 120)).toBe(true);
  });

  it('locks after 5 failures per flow and 10 per account, on Redis (keys with TTL) and in memory', async () => {
    for (const limiter of [
      createAttemptLimiter({ counters: redisCounters(redis.redis), prefix: redis.prefix }),
      createAttemptLimiter({ counters: memoryCounters(), prefix: 'mem:' }),
    ]) {
      // One wrong code: counted before the check, then reported as failed.
      const fail = async (flow: string) => {
        const attempt = await limiter.attempt('acct-x', flow);
        return attempt.lockout ? attempt.lockout.scope : (await limiter.failed(attempt))?.scope;
      };
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await fail('flow-1'));
      expect(results).toEqual([undefined, undefined, undefined, undefined, 'interaction']);
      expect(await fail('flow-1')).toBe('interaction');
      const second = [];
      for (let i = 0; i < 4; i++) second.push(await fail('flow-2'));
      expect(second).toEqual([undefined, undefined, undefined, 'account']);
      expect((await limiter.attempt('acct-x', 'flow-3')).lockout?.scope).toBe('account');
    }
    const keys = await redis.redis.keys(`${redis.prefix}mfa:fail:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await redis.redis.ttl(key)).toBeGreaterThan(0);
  });

  it('pitboss user totp enrols and prints a secret and otpauth URI that verify', async () => {
    const accounts = createAccountStore(db.pool);
    const account = await accounts.create({ email: 'cli-totp@example.com', password: 'long enough pw' });
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      MFA_ENCRYPTION_KEY: KEY.toString('base64'),
    };
    const run = (...args: string[]) => runCli(args, env);
    const ok = await run('user', 'totp', '--email', 'CLI-TOTP@example.com');
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout) as { secret: string; otpauth_uri: string };
    expect(Object.keys(out).sort()).toEqual(['otpauth_uri', 'secret']);
    expect(out.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(out.otpauth_uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(out.secret);
    const c = { accountId: account.id, flowId: 'cli-test' };
    expect((await mfaService().verify(c, await generate({ secret: out.secret }))).outcome).toBe('ok');

    const missing = await run('user', 'totp', '--email', 'nobody@example.com');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--email: no such account/);
    const added = await run(
      'client',
      'add',
      '--name',
      'Wallet',
      '--redirect-uri',
      'https://w.example/cb',
      '--require-mfa',
    );
    const { client_id } = JSON.parse(added.stdout) as { client_id: string };
    const { rows } = await db.pool.query('select metadata from clients where client_id = $1', [client_id]);
    expect(rows[0].metadata.require_mfa).toBe(true);
  });
});
