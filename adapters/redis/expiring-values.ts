import type { Cluster, Redis } from 'ioredis';
import type { ExpiringValues } from '../../server/sessions/expiring-values.ts';
import { createSessionKeys } from './session-keys.ts';

/** ExpiringValues on Redis: one key per entry, `<prefix><namespace>:{key}`, always with PX. */
export function createRedisValues(
  redis: Redis | Cluster,
  options: { prefix: string; namespace: string },
): ExpiringValues {
  const keys = createSessionKeys(options.prefix);
  const key = (k: string) => keys.value(options.namespace, k);
  return {
    async get(k) {
      return (await redis.get(key(k))) ?? undefined;
    },
    async set(k, value, ttlMs) {
      await redis.set(key(k), value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async delete(k) {
      await redis.unlink(key(k));
    },
    async take(k) {
      return (await redis.getdel(key(k))) ?? undefined;
    },
  };
}
