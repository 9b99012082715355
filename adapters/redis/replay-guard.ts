import type { Cluster, Redis } from 'ioredis';
import type { ReplayGuard } from '../../server/mfa/replay-guard.ts';

/** Redis SET NX EX: atomic on one key, shared by every instance; the key's hash tag is the claimed value. */
export function createRedisReplayGuard(redis: Redis | Cluster, prefix: string): ReplayGuard {
  return {
    async claim(key, ttlSeconds) {
      return (await redis.set(`${prefix}mfa:used:{${key}}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
  };
}
