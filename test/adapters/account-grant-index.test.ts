import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisGrantIndex } from '../../adapters/redis/grant-index.ts';
import { testRedis } from '../helpers/redis.ts';

let redis: Awaited<ReturnType<typeof testRedis>>;
beforeAll(async () => {
  redis = await testRedis();
});
afterAll(async () => {
  await redis?.close();
});

it("an account's grant index: expired grants pruned on add, its TTL set and only ever extended", async () => {
  const index = createRedisGrantIndex(redis.redis, { prefix: redis.prefix });
  const key = `${redis.prefix}acctgrants:{acct-1}`;
  const now = Date.now();
  await index.add('acct-1', 'short', now + 200);
  await index.add('acct-1', 'long', now + 60_000);
  expect(await redis.redis.pttl(key)).toBeGreaterThan(55_000);
  await index.add('acct-1', 'brief', now + 5_000);
  // A later short-lived grant does not shorten the key's life.
  expect(await redis.redis.pttl(key)).toBeGreaterThan(55_000);
  await new Promise((r) => setTimeout(r, 300));
  await index.add('acct-1', 'next', Date.now() + 10_000);
  expect(await redis.redis.zrange(key, 0, -1)).toEqual(['brief', 'next', 'long']);
  expect((await index.list('acct-1')).map((e) => e.id)).toEqual(['long', 'next', 'brief']);
});

it('a first grant gives a new index key a TTL', async () => {
  const index = createRedisGrantIndex(redis.redis, { prefix: redis.prefix });
  await index.add('acct-2', 'g', Date.now() + 30_000);
  const ttl = await redis.redis.pttl(`${redis.prefix}acctgrants:{acct-2}`);
  expect(ttl).toBeGreaterThan(25_000);
  expect(ttl).toBeLessThanOrEqual(30_000);
});
