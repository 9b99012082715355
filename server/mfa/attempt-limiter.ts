import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { StoreUnavailableError } from '../errors.ts';
import type { CounterFactory } from '../http/rate-limits.ts';

/** Codes checked in one sign-in interaction (or account-page flow) before it is ended. */
export const MAX_FAILURES_PER_INTERACTION = 5;
/** Codes allowed per account across flows within ACCOUNT_WINDOW_SECONDS before the account is locked. */
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const ACCOUNT_WINDOW_SECONDS = 15 * 60;
/** Matches the Interaction TTL: the counter cannot outlive the interaction it counts. */
const INTERACTION_WINDOW_SECONDS = 15 * 60;
/** Escalation memory: lockouts within this long make the next one longer. */
const ESCALATION_WINDOW_SECONDS = 24 * 60 * 60;
/** No single lockout is longer than a day. */
const MAX_LOCKOUT_SECONDS = 24 * 60 * 60;

export type LimitScope = 'interaction' | 'account';

/** The account-wide wrong-code lockout as operators see and lift it. */
export interface AccountLockout {
  lockout(accountId: string): Promise<{ locked: boolean; failures: number }>;
  /** Lifts it (an operator's unlock). */
  clearLockout(accountId: string): Promise<void>;
}

/** The account lockout of a limiter (the same counters the MFA step uses). */
export function accountLockout(limiter: Pick<AttemptLimiter, 'accountFailures' | 'succeed'>): AccountLockout {
  return {
    async lockout(accountId) {
      const failures = await limiter.accountFailures(accountId);
      return { locked: failures >= MAX_FAILURES_PER_ACCOUNT, failures };
    },
    clearLockout: (accountId) => limiter.succeed(accountId),
  };
}

/** An exhausted limit: which one, for how long, and (account) which lockout of the day this is. */
export interface Lockout {
  scope: LimitScope;
  retryAfter: number;
  /** Set when this call started the lockout (to be audited once): its rank within the escalation window. */
  started?: { level: number; seconds: number };
}

/** One counted attempt: the lockout in force, or the counts this attempt reached (to go ahead). */
export type Attempt =
  | { lockout: Lockout }
  | { lockout?: undefined; accountId: string; accountCount: number; flowCount: number };

/** Counts MFA attempts per flow and per account, before the code is checked; account lockouts escalate. */
export interface AttemptLimiter {
  /** Counts one attempt before the code is checked. */
  attempt(accountId: string, flowId: string): Promise<Attempt>;
  /** The attempt's code was wrong: the lockout it starts when it spent the last allowed attempt. */
  failed(attempt: Extract<Attempt, { accountCount: number }>): Promise<Lockout | undefined>;
  /** A correct code clears the per-account count. */
  succeed(accountId: string): Promise<void>;
  /** Wrong codes counted against the account in the current window (operators see it; unlock clears it). */
  accountFailures(accountId: string): Promise<number>;
}

/**
 * rate-limiter-flexible counters from the store registry: Redis (shared, keys with TTL) or memory (embedded).
 * Counting before the check means parallel guesses cannot slip past (60 at once get 5 checked, not 6). Each
 * account lockout lasts `lockoutSeconds` doubled for every earlier one within a day (15, 30, 60 min... up to
 * 24 h), so the daily guess budget stays small however patient the attacker is.
 */
export function createAttemptLimiter(options: {
  counters: CounterFactory;
  prefix: string;
  /** The first account lockout's length (MFA_LOCKOUT_SECONDS); later ones within a day double it. */
  lockoutSeconds?: number | undefined;
}): AttemptLimiter {
  const base = options.lockoutSeconds ?? ACCOUNT_WINDOW_SECONDS;
  const make = (name: string, points: number, duration: number): RateLimiterAbstract =>
    options.counters({ keyPrefix: `${options.prefix}mfa:fail:${name}`, points, duration });
  const perFlow = make('ix', MAX_FAILURES_PER_INTERACTION, INTERACTION_WINDOW_SECONDS);
  const perAccount = make('acct', MAX_FAILURES_PER_ACCOUNT, ACCOUNT_WINDOW_SECONDS);
  const lockouts = make('lockouts', 1000, ESCALATION_WINDOW_SECONDS);
  // The key is wrapped in a hash tag so each counter is one Cluster slot of its own.
  const tag = (id: string) => `{${id}}`;

  const store = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RateLimiterRes) return error as T;
      throw new StoreUnavailableError('redis', error);
    }
  };
  const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  const used = async (limiter: RateLimiterAbstract, key: string) =>
    (await store(() => limiter.get(tag(key))))?.consumedPoints ?? 0;
  return {
    async attempt(accountId, flowId) {
      const [account, flow] = await Promise.all([
        store(() => perAccount.consume(tag(accountId))),
        store(() => perFlow.consume(tag(flowId))),
      ]);
      if (account.consumedPoints > MAX_FAILURES_PER_ACCOUNT) {
        return { lockout: { scope: 'account', retryAfter: seconds(account) } };
      }
      if (flow.consumedPoints > MAX_FAILURES_PER_INTERACTION) {
        return { lockout: { scope: 'interaction', retryAfter: seconds(flow) } };
      }
      return { accountId, accountCount: account.consumedPoints, flowCount: flow.consumedPoints };
    },
    async failed(attempt) {
      // Only the attempt that spent the last point starts the lockout, however many ran in parallel.
      if (attempt.accountCount === MAX_FAILURES_PER_ACCOUNT) {
        const key = tag(attempt.accountId);
        const level = (await store(() => lockouts.consume(key))).consumedPoints;
        const lockSeconds = Math.min(MAX_LOCKOUT_SECONDS, base * 2 ** (level - 1));
        await store(() => perAccount.block(key, lockSeconds));
        return { scope: 'account', retryAfter: lockSeconds, started: { level, seconds: lockSeconds } };
      }
      if (attempt.flowCount === MAX_FAILURES_PER_INTERACTION) {
        const lockSeconds = INTERACTION_WINDOW_SECONDS;
        return { scope: 'interaction', retryAfter: lockSeconds, started: { level: 1, seconds: lockSeconds } };
      }
      return undefined;
    },
    async succeed(accountId) {
      await store(() => perAccount.delete(tag(accountId)));
    },
    accountFailures: (accountId) => used(perAccount, accountId),
  };
}
