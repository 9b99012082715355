import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { StoreUnavailableError } from '../errors.ts';
import type { CounterFactory } from '../http/rate-limits.ts';

/** Wrong codes allowed in one sign-in interaction before it is ended. */
export const MAX_FAILURES_PER_INTERACTION = 5;
/** Wrong codes allowed per account across interactions within ACCOUNT_WINDOW_SECONDS. */
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const ACCOUNT_WINDOW_SECONDS = 15 * 60;
/** Matches the Interaction TTL: the counter cannot outlive the interaction it counts. */
const INTERACTION_WINDOW_SECONDS = 15 * 60;

export type LimitScope = 'interaction' | 'account';

/** Counts wrong MFA codes per interaction (or other flow id) and per account. */
export interface AttemptLimiter {
  /** Which limit is exhausted, if any. */
  locked(accountId: string, flowId: string): Promise<LimitScope | undefined>;
  /** Counts one wrong code; returns the limit this exhausted, if any. */
  fail(accountId: string, flowId: string): Promise<LimitScope | undefined>;
  /** A correct code clears the per-account count. */
  succeed(accountId: string): Promise<void>;
}

/** rate-limiter-flexible counters from the store registry: Redis (shared, keys with TTL) or memory (embedded). */
export function createAttemptLimiter(options: { counters: CounterFactory; prefix: string }): AttemptLimiter {
  const make = (name: string, points: number, duration: number): RateLimiterAbstract =>
    options.counters({ keyPrefix: `${options.prefix}mfa:fail:${name}`, points, duration });
  // The key is wrapped in a hash tag so each counter is one Cluster slot of its own.
  const perFlow = make('ix', MAX_FAILURES_PER_INTERACTION, INTERACTION_WINDOW_SECONDS);
  const perAccount = make('acct', MAX_FAILURES_PER_ACCOUNT, ACCOUNT_WINDOW_SECONDS);
  const tag = (id: string) => `{${id}}`;

  const store = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RateLimiterRes) return error as T;
      throw new StoreUnavailableError('redis', error);
    }
  };
  const used = async (limiter: RateLimiterAbstract, key: string) =>
    (await store(() => limiter.get(tag(key))))?.consumedPoints ?? 0;
  const spend = async (limiter: RateLimiterAbstract, key: string) =>
    (await store(() => limiter.consume(tag(key)))).consumedPoints;

  return {
    async locked(accountId, flowId) {
      const [flow, account] = await Promise.all([used(perFlow, flowId), used(perAccount, accountId)]);
      if (account >= MAX_FAILURES_PER_ACCOUNT) return 'account';
      return flow >= MAX_FAILURES_PER_INTERACTION ? 'interaction' : undefined;
    },
    async fail(accountId, flowId) {
      const [flow, account] = await Promise.all([spend(perFlow, flowId), spend(perAccount, accountId)]);
      if (account >= MAX_FAILURES_PER_ACCOUNT) return 'account';
      return flow >= MAX_FAILURES_PER_INTERACTION ? 'interaction' : undefined;
    },
    async succeed(accountId) {
      await store(() => perAccount.delete(tag(accountId)));
    },
  };
}
