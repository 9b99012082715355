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

/** One counter of a CounterBatch: add `points` (0 only reads) to `key`, a counter of `duration` seconds. */
export interface CounterStep {
  /** The stored key (the limiter's prefix included). */
  key: string;
  points: 0 | 1;
  duration: number;
}

/** A counter's state after its step: the count and the milliseconds its window (or block) has left. */
export interface CounterState {
  count: number;
  msLeft: number;
}

/**
 * Reads or counts several counters in one store round trip (Redis: one script, so the keys must share a
 * hash tag). Each counter is kept exactly as its CounterFactory limiter keeps it.
 */
export type CounterBatch = (steps: readonly CounterStep[]) => Promise<CounterState[]>;

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
  /** The same peek or consume as one step of a CounterBatch (see `countTogether`). */
  batched(key: string, op: 'peek' | 'consume'): BatchedCount;
}

/** A limiter's peek or consume, as a batch step and the reading of its answer. */
export interface BatchedCount {
  step: CounterStep;
  result(state: CounterState): LimitResult;
}

export interface LimitResult {
  allowed: boolean;
  /** Attempts counted in the current window, this one included. */
  count: number;
  /** Seconds until the key may try again (0 when allowed). */
  retryAfter: number;
}

// A store error is not a limit decision: fail closed with 503 rather than letting the attempt through.
async function guard<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof RateLimiterRes) throw err;
    throw new TemporarilyUnavailable(err);
  }
}

const secondsLeft = (ms: number | undefined) => Math.max(1, Math.ceil((ms ?? 1000) / 1000));

/**
 * Several limiters' peeks and consumes in one round trip when the store batches (Redis), else each on its
 * own, in parallel. Same answers and the same 503 on a store failure either way.
 */
export async function countTogether(
  batch: CounterBatch | undefined,
  counts: readonly (readonly [Limiter, string, 'peek' | 'consume'] | undefined)[],
): Promise<(LimitResult | undefined)[]> {
  const wanted = counts.filter((c) => c !== undefined);
  if (!batch || wanted.length < 2) {
    return Promise.all(
      counts.map((c) => (c ? (c[2] === 'peek' ? c[0].peek(c[1]) : c[0].consume(c[1])) : undefined)),
    );
  }
  const ops = wanted.map(([limiter, key, op]) => limiter.batched(key, op));
  const states = await guard(() => batch(ops.map((o) => o.step)));
  const results = ops.map((o, i) => o.result(states[i]!));
  return counts.map((c) => (c ? results.shift() : undefined));
}

/** A Limiter over one counter from `counters`; a store failure answers 503, never lets the attempt through. */
export function createLimiter(counters: CounterFactory, keyPrefix: string, spec: LimitSpec): Limiter {
  const limiter = counters({ keyPrefix, ...spec });
  const toResult = (res: RateLimiterRes | null, allowed: boolean): LimitResult => ({
    allowed,
    count: res?.consumedPoints ?? 0,
    retryAfter: allowed ? 0 : secondsLeft(res?.msBeforeNext),
  });
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
    batched(key, op) {
      // A batched consume never blocks past its window: only limiters without blockDuration may be consumed so.
      if (op === 'consume' && spec.blockDuration)
        throw new Error(`${keyPrefix}: batched consume with a block`);
      const step: CounterStep = {
        key: limiter.getKey(key),
        points: op === 'peek' ? 0 : 1,
        duration: spec.duration,
      };
      return {
        step,
        result({ count, msLeft }) {
          // As peek and consume above: a peek is blocked at the limit, a consume past it.
          const allowed = op === 'peek' ? count < spec.points : count <= spec.points;
          return { allowed, count, retryAfter: allowed ? 0 : secondsLeft(msLeft) };
        },
      };
    },
  };
}
