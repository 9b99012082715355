import type { ExpiringValues } from './expiring-values.ts';
import type { SessionState, SessionStateStore } from './session-state.ts';

/**
 * Session versions with a read-through cache: `current` reads the cache (Redis `ver:{accountId}`, or
 * memory when embedded) and Postgres only on a miss. Every account command (accounts/account-commands.ts)
 * calls `refresh` after its write, so the cache is rewritten at once and every instance rejects old
 * artefacts on its next request.
 */
export interface SessionVersions {
  current(accountId: string): Promise<SessionState | undefined>;
  /** Re-reads Postgres and rewrites the cache (after a change made elsewhere, e.g. by another tool). */
  refresh(accountId: string): Promise<SessionState | undefined>;
  /** True when something authenticated at `authTime` (epoch seconds) is still valid for the account. */
  isCurrent(accountId: string, authTime: number | undefined): Promise<boolean>;
  /** The auth time to stamp on a login now: never before the account's notBefore. */
  loginTimestamp(accountId: string): Promise<number>;
}

export interface SessionVersionsDeps {
  states: SessionStateStore;
  cache: ExpiringValues;
  /** Cache lifetime; short in embedded mode, where another process (the CLI) cannot write the cache. */
  cacheTtlMs: number;
}

/** Builds the SessionVersions service over the account stores and a cache. */
export function createSessionVersions(deps: SessionVersionsDeps): SessionVersions {
  const { cache, states } = deps;
  // Reads of one account asked at the same moment (one synchronous run: a session save's expiry and live
  // listeners ask together) share one cache read. The share ends before anything else runs, so a request or
  // timer that starts later always gets a read issued after it started: however slow a read in flight is (a
  // Redis stall), nobody joins it late and gets an answer from before a bump made elsewhere or by `refresh`.
  const inFlight = new Map<string, Promise<SessionState | undefined>>();
  const refresh = async (accountId: string) => {
    const state = await states.read(accountId);
    if (state) await cache.set(accountId, JSON.stringify(state), deps.cacheTtlMs);
    else await cache.delete(accountId);
    return state;
  };
  const read = async (accountId: string) => {
    const cached = await cache.get(accountId);
    return cached ? (JSON.parse(cached) as SessionState) : refresh(accountId);
  };
  const current = (accountId: string) => {
    const shared = inFlight.get(accountId);
    if (shared) return shared;
    const reading = read(accountId);
    inFlight.set(accountId, reading);
    queueMicrotask(() => {
      if (inFlight.get(accountId) === reading) inFlight.delete(accountId);
    });
    return reading;
  };
  const now = () => Math.floor(Date.now() / 1000);

  return {
    current,
    refresh,
    async isCurrent(accountId, authTime) {
      const state = await current(accountId);
      return !!state && typeof authTime === 'number' && authTime >= state.notBefore;
    },
    async loginTimestamp(accountId) {
      const state = await current(accountId);
      return Math.max(now(), state?.notBefore ?? 0);
    },
  };
}
