import { describe, expect, it } from 'vitest';
import { connectRedis, pingRedis } from '../../adapters/redis/connect.ts';
import { createRedisAdapter } from '../../adapters/redis/redis-adapter.ts';
import { testRedis } from '../helpers/redis.ts';
import { adapterContract } from './adapter-contract.ts';
import { redisTarget, scanKeys } from './redis-target.ts';

adapterContract('redis', async () => {
  const { redis, prefix, close } = await testRedis();
  return redisTarget(redis, prefix, () => scanKeys(redis, `${prefix}*`), close);
});

it('keysWithoutTtl notices a key without TTL, so the TTL assertions can fail', async () => {
  const { redis, prefix, close } = await testRedis();
  try {
    const target = redisTarget(
      redis,
      prefix,
      () => scanKeys(redis, `${prefix}*`),
      async () => {},
    );
    await redis.set(`${prefix}stray`, '1');
    expect(await target.keysWithoutTtl()).toEqual([`${prefix}stray`]);
  } finally {
    await close();
  }
});

describe('when Redis is down', () => {
  it('testRedis fails the test instead of skipping it', async () => {
    const saved = process.env['TEST_REDIS_URL'];
    process.env['TEST_REDIS_URL'] = 'redis://127.0.0.1:1';
    try {
      await expect(testRedis()).rejects.toThrow(/not reachable/);
    } finally {
      process.env['TEST_REDIS_URL'] = saved;
    }
  });

  it('adapter calls reject within seconds rather than hang, and pingRedis times out', async () => {
    const redis = connectRedis({ REDIS_URL: 'redis://127.0.0.1:1' })!;
    redis.on('error', () => {}); // the reconnect loop's errors; the assertions are on the rejections
    try {
      const started = Date.now();
      await expect(createRedisAdapter(redis, { prefix: 't:' })('AccessToken').find('x')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(pingRedis(redis, 300)).rejects.toThrow(/did not answer PING within 300 ms/);
    } finally {
      redis.disconnect();
    }
  });
});
