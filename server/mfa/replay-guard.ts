import type { Cluster, Redis } from 'ioredis';

/** Remembers one-time codes that were accepted, so the same code is never accepted twice. */
export interface ReplayGuard {
  /** True for the first claim of `key` within `ttlSeconds`; false for every later one (a replay). */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}

/** Redis SET NX EX: atomic on one key, shared by every instance; the key's hash tag is the claimed value. */
export function createRedisReplayGuard(redis: Redis | Cluster, prefix: string): ReplayGuard {
  return {
    async claim(key, ttlSeconds) {
      return (await redis.set(`${prefix}mfa:used:{${key}}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
  };
}

/** In-process guard for the embedded single-instance default. */
export function createMemoryReplayGuard(now: () => number = Date.now): ReplayGuard {
  const used = new Map<string, number>();
  return {
    async claim(key, ttlSeconds) {
      const t = now();
      for (const [k, expires] of used) if (expires <= t) used.delete(k);
      if ((used.get(key) ?? 0) > t) return false;
      used.set(key, t + ttlSeconds * 1000);
      return true;
    },
  };
}
