import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { TemporarilyUnavailable } from '../provider/unavailable.ts';

/** A counter key for a secret or long value (bearer token, client id): hashed, never stored raw. */
export const hashKey = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

/** The knobs of one limiter: `points` per `duration` seconds, then blocked for `blockDuration` seconds. */
export interface LimitSpec {
  points: number;
  duration: number;
  blockDuration?: number;
}

/** A named counter shared by every instance (Redis) or local to this process (memory store). */
export interface Limiter {
  /** Counts one attempt; `allowed: false` with the wait when over the limit. Store failure -> 503. */
  consume(key: string): Promise<LimitResult>;
  /** Without counting: `allowed` is whether one more attempt would still be within the limit. */
  peek(key: string): Promise<LimitResult>;
  /** Forgets the key (e.g. a successful login resets the per-account counter). */
  reset(key: string): Promise<void>;
  /** Gives one attempt back (a successful login does not count against its IP). */
  refund(key: string): Promise<void>;
}

export interface LimitResult {
  allowed: boolean;
  /** Attempts counted in the current window, this one included. */
  count: number;
  /** Seconds until the key may try again (0 when allowed). */
  retryAfter: number;
}

/**
 * Builds a limiter over rate-limiter-flexible: RateLimiterRedis (one key per counter, so Redis Cluster
 * safe; its Lua script sets a TTL on every key) when Redis is configured, RateLimiterMemory otherwise.
 */
export function createLimiter(
  redis: Redis | Cluster | undefined,
  keyPrefix: string,
  spec: LimitSpec,
): Limiter {
  const options = {
    keyPrefix,
    points: spec.points,
    duration: spec.duration,
    blockDuration: spec.blockDuration,
  };
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true })
    : new RateLimiterMemory(options);
  const toResult = (res: RateLimiterRes | null, allowed: boolean): LimitResult => ({
    allowed,
    count: res?.consumedPoints ?? 0,
    retryAfter: allowed ? 0 : Math.max(1, Math.ceil((res?.msBeforeNext ?? 1000) / 1000)),
  });
  // A store error is not a limit decision: fail closed with 503 rather than letting the attempt through.
  const guard = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      if (err instanceof RateLimiterRes) throw err;
      throw new TemporarilyUnavailable(err);
    }
  };
  return {
    async consume(key) {
      try {
        return toResult(await guard(() => limiter.consume(key)), true);
      } catch (err) {
        if (err instanceof RateLimiterRes) return toResult(err, false);
        throw err;
      }
    },
    async peek(key) {
      const res = await guard(() => limiter.get(key));
      const blocked = res !== null && res.consumedPoints >= spec.points;
      return toResult(res, !blocked);
    },
    async reset(key) {
      await guard(() => limiter.delete(key));
    },
    async refund(key) {
      await guard(() => limiter.reward(key, 1));
    },
  };
}
