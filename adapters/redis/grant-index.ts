import type { Cluster, Redis } from 'ioredis';
import type { GrantEntry, GrantIndex } from '../../server/sessions/grant-index.ts';
import { runScript, scripts } from './lua/scripts.ts';

/**
 * GrantIndex on Redis: `<prefix>acctgrants:{<accountId>}`, a ZSET of grant ids scored by expiry (epoch
 * ms). The account's hash tag puts it in the slot of the account's session index (`sess:{<accountId>}`).
 * The key expires with its longest-lived member; expired members are pruned on every write and read.
 */
export function createRedisGrantIndex(redis: Redis | Cluster, options: { prefix: string }): GrantIndex {
  if (/[{}]/.test(options.prefix)) throw new TypeError('Redis key prefix must not contain { or }');
  const key = (accountId: string) => `${options.prefix}acctgrants:{${accountId}}`;
  return {
    async add(accountId, grantId, expiresAt) {
      const now = Date.now();
      await runScript(redis, scripts.accountGrantAdd, key(accountId), [
        now,
        expiresAt,
        grantId,
        Math.max(1, expiresAt - now),
      ]);
    },
    async list(accountId) {
      const flat = await redis.zrevrangebyscore(key(accountId), '+inf', Date.now(), 'WITHSCORES');
      const entries: GrantEntry[] = [];
      for (let i = 0; i < flat.length; i += 2) entries.push({ id: flat[i]!, expiresAt: Number(flat[i + 1]) });
      return entries;
    },
    async remove(accountId, grantId) {
      return (await redis.zrem(key(accountId), grantId)) > 0;
    },
  };
}
