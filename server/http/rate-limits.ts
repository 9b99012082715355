import { createHash } from 'node:crypto';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { TemporarilyUnavailable } from '../provider/unavailable.ts';

/**
 * Builds one rate-limiter-flexible counter on the configured store (the store registry's `counters`: Redis,
 * one key per counter with a TTL, so Cluster safe; or memory, single instance).
 */
export type CounterFactory = (options: {
  keyPrefix: string;
  points: number;
  duration: number;
  blockDuration?: number | undefined;
}) => RateLimiterAbstract;

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

/** A Limiter over one counter from `counters`; a store failure answers 503, never lets the attempt through. */
export function createLimiter(counters: CounterFactory, keyPrefix: string, spec: LimitSpec): Limiter {
  const limiter = counters({ keyPrefix, ...spec });
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
