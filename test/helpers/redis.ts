import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { connectRedis, pingRedis } from '../../adapters/redis/connect.ts';

/** How long the test Redis gets to answer PING before the test fails (never skipped). */
const PING_TIMEOUT_MS = 3000;

/** A connection to the test Redis (TEST_REDIS_URL) with a key prefix of its own; close() removes its keys. */
export async function testRedis(): Promise<{ redis: Redis; prefix: string; close(): Promise<void> }> {
  const url = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const redis = connectRedis({ REDIS_URL: url });
  if (!(redis instanceof Redis)) throw new Error(`testRedis: ${url} did not yield a single-node client`);
  // Connection errors also reject the commands that hit them; keep the last one for the failure message.
  let lastError: unknown;
  redis.on('error', (err) => {
    lastError = err;
  });
  try {
    await pingRedis(redis, PING_TIMEOUT_MS);
  } catch (err) {
    redis.disconnect();
    const reason = String(lastError ?? err);
    throw new Error(
      `testRedis: Redis at ${url} is not reachable (${reason}); start it or set TEST_REDIS_URL`,
      {
        cause: err,
      },
    );
  }
  const prefix = `t:${randomBytes(6).toString('hex')}:`;
  return {
    redis,
    prefix,
    async close() {
      try {
        await deleteByPrefix(redis, prefix);
      } finally {
        await redis.quit();
      }
    },
  };
}

/** Deletes every key starting with `prefix` (prefix is hex and colons, so it needs no glob escaping). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
