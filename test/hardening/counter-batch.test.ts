import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisCounterBatch, redisCounters } from '../../adapters/redis/counters.ts';
import { countTogether, createLimiter, type Limiter } from '../../server/http/rate-limits.ts';
import { testRedis } from '../helpers/redis.ts';

/**
 * The token endpoint reads its two counters in one script (adapters/redis/lua/counters.lua) but refunds and
 * counts failures through rate-limiter-flexible: both must read and write the same keys the same way.
 */
describe('counter batch: one round trip, the same counters as rate-limiter-flexible', () => {
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let traffic: Limiter;
  let failures: Limiter;
  const batch = () => redisCounterBatch(redis.redis);

  beforeAll(async () => {
    redis = await testRedis();
    const counters = redisCounters(redis.redis);
    traffic = createLimiter(counters, `${redis.prefix}rl:token`, { points: 3, duration: 60 });
    failures = createLimiter(counters, `${redis.prefix}rl:token:authfail`, {
      points: 2,
      duration: 60,
      blockDuration: 300,
    });
  });
  afterAll(() => redis.close());

  const both = (ip: string) =>
    countTogether(batch(), [
      [failures, `ip:{${ip}}`, 'peek'],
      [traffic, `c:{${ip}}`, 'consume'],
    ]);

  it('counts traffic past its limit, and the library sees and refunds the same count', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await both('192.0.2.1'))[1]!);
    expect(answers.map((a) => [a.allowed, a.count])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
      [false, 4],
    ]);
    expect(answers[3]!.retryAfter).toBeGreaterThan(0);
    expect(answers[3]!.retryAfter).toBeLessThanOrEqual(60);
    expect(await traffic.peek('c:{192.0.2.1}')).toMatchObject({ allowed: false, count: 4 });
    await traffic.refund('c:{192.0.2.1}');
    await traffic.refund('c:{192.0.2.1}');
    expect((await both('192.0.2.1'))[1]).toMatchObject({ allowed: true, count: 3 });
    expect(await redis.redis.pttl(`${redis.prefix}rl:token:c:{192.0.2.1}`)).toBeGreaterThan(0);
  });

  it("peeks failures without counting them and sees the library's block", async () => {
    expect((await both('192.0.2.2'))[0]).toEqual({ allowed: true, count: 0, retryAfter: 0 });
    await failures.consume('ip:{192.0.2.2}');
    expect((await both('192.0.2.2'))[0]).toMatchObject({ allowed: true, count: 1 });
    await failures.consume('ip:{192.0.2.2}');
    await failures.consume('ip:{192.0.2.2}'); // third: over the limit, blocked for 300 s
    const [peeked] = await both('192.0.2.2');
    expect(peeked).toMatchObject({ allowed: false, count: 3 });
    expect(peeked!.retryAfter).toBeGreaterThan(60);
    expect(await failures.peek('ip:{192.0.2.2}')).toEqual(peeked);
  });

  it('answers as the two separate calls do (the memory store path)', async () => {
    for (let i = 0; i < 4; i++) {
      const batched = await both('192.0.2.3');
      const separate = await countTogether(undefined, [
        [failures, 'ip:{192.0.2.4}', 'peek'],
        [traffic, 'c:{192.0.2.4}', 'consume'],
      ]);
      expect(batched).toEqual(separate);
    }
  });

  it('refuses a batched consume of a limiter that blocks (the script does not block)', () => {
    expect(() => failures.batched('ip:{192.0.2.5}', 'consume')).toThrow(/block/);
  });
});
