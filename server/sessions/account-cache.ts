import Provider, { type Account, type FindAccount } from 'oidc-provider';
import type { SessionState } from './session-state.ts';
import type { SessionVersions } from './session-versions.ts';

/**
 * `versions.current` read once per request: the version guard and findAccount both need the account's
 * session state while one token request is served, and a bump made meanwhile only has to bite from the
 * next request on. Outside a provider request (interactions, admin, timers) every call reads afresh.
 */
export function currentPerRequest(versions: SessionVersions): SessionVersions['current'] {
  const seen = new WeakMap<object, Map<string, Promise<SessionState | undefined>>>();
  return (accountId) => {
    const ctx = Provider.ctx as object | undefined;
    if (!ctx) return versions.current(accountId);
    let states = seen.get(ctx);
    if (!states) {
      states = new Map();
      seen.set(ctx, states);
    }
    let state = states.get(accountId);
    if (!state) {
      state = versions.current(accountId);
      states.set(accountId, state);
    }
    return state;
  };
}

export interface AccountCacheOptions {
  /** How long a resolved account is reused for one session version (ms). */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  max: number;
}

/**
 * findAccount with the resolved account kept in process per (account, session version), so refresh and
 * userinfo do not read Postgres each time. Safe because everything that changes what findAccount answers
 * (status, password, roles, restriction) bumps the session version, and the version is read from the shared
 * cache (Redis) on every request: a bump on any instance changes the key here at the next request, so the
 * stale entry is never used again. Accounts that are not active always go to the store.
 */
export function cacheAccountsByVersion(
  base: FindAccount,
  current: SessionVersions['current'],
  options: AccountCacheOptions,
): FindAccount {
  const cache = new Map<string, { account: Account; expires: number }>();
  return async function findAccount(ctx, sub, token) {
    const state = await current(sub);
    if (state?.status !== 'active') return base(ctx, sub, token);
    const key = `${sub}\u0000${state.version}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.expires > now) return hit.account;
    const account = await base(ctx, sub, token);
    if (account) {
      cache.delete(key);
      cache.set(key, { account, expires: now + options.ttlMs });
      if (cache.size > options.max) cache.delete(cache.keys().next().value!);
    }
    return account;
  };
}
