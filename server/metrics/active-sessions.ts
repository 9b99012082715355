import type { Cluster, Redis } from 'ioredis';

/** An approximate count of active sessions, fed by session saves and ends; read at scrape time. */
export interface ActiveSessions {
  touch(sessionUid: string, expiresAtMs: number): Promise<void>;
  end(sessionUid: string): Promise<void>;
  count(): Promise<number>;
}

/** One ZSET (hash tag `{metrics}`) of session uids scored by when they go idle. */
export const activeSessionsKey = (prefix: string) => `${prefix}{metrics}:active-sessions`;

/**
 * Shared across instances through Redis: member = session uid, score = the moment it goes idle (or hits
 * its absolute expiry). A session that ends without telling us simply ages out, hence "approximate".
 */
export function createRedisActiveSessions(
  redis: Redis | Cluster,
  prefix: string,
  ttlSeconds: number,
): ActiveSessions {
  const key = activeSessionsKey(prefix);
  return {
    async touch(uid, expiresAtMs) {
      await redis
        .multi()
        .zadd(key, expiresAtMs, uid)
        .pexpire(key, ttlSeconds * 1000 + 60_000)
        .exec();
    },
    async end(uid) {
      await redis.zrem(key, uid);
    },
    async count() {
      const result = await redis.multi().zremrangebyscore(key, '-inf', Date.now()).zcard(key).exec();
      return Number(result?.[1]?.[1] ?? 0);
    },
  };
}

/** The same, in process (embedded mode is single-instance). */
export function createMemoryActiveSessions(): ActiveSessions {
  const sessions = new Map<string, number>();
  return {
    async touch(uid, expiresAtMs) {
      sessions.set(uid, expiresAtMs);
    },
    async end(uid) {
      sessions.delete(uid);
    },
    async count() {
      const now = Date.now();
      for (const [uid, until] of sessions) if (until <= now) sessions.delete(uid);
      return sessions.size;
    },
  };
}
