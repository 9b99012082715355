import type { Cluster, Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { CounterFactory } from '../../server/http/rate-limits.ts';

/** Rate-limit counters on Redis: one key per counter (Cluster safe), a TTL set by the library's Lua script. */
export function redisCounters(redis: Redis | Cluster): CounterFactory {
  return (options) => new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true });
}
