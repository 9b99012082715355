import type { Cluster, Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { CounterBatch, CounterFactory } from '../../server/http/rate-limits.ts';
import { runScript, scripts } from './lua/scripts.ts';

/** Rate-limit counters on Redis: one key per counter (Cluster safe), a TTL set by the library's Lua script. */
export function redisCounters(redis: Redis | Cluster): CounterFactory {
  return (options) => new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true });
}

/**
 * Several of those counters in one script (lua/counters.lua keeps each as the library does): one round trip
 * instead of one per counter. The keys must share a hash tag. Like the counters above, it refuses at once
 * while Redis is not connected rather than queueing (the caller answers 503).
 */
export function redisCounterBatch(redis: Redis | Cluster): CounterBatch {
  return async (steps) => {
    if (redis.status !== 'ready') throw new Error('Redis connection is not ready');
    const keys = steps.map((s) => s.key);
    const args = steps.flatMap((s) => [s.points, s.duration]);
    const raw = (await runScript(redis, scripts.counters, keys, args)) as number[];
    return steps.map((_, i) => ({ count: Number(raw[2 * i]), msLeft: Number(raw[2 * i + 1]) }));
  };
}
