import type { Cluster, Redis } from 'ioredis';
import type Provider from 'oidc-provider';
import type { FindAccount } from 'oidc-provider';
import type pg from 'pg';
import { createMemoryValues } from '../../adapters/memory/expiring-values.ts';
import { createMemorySessionIndex } from '../../adapters/memory/session-index.ts';
import { createSessionStateStore } from '../../adapters/postgres/session-state-store.ts';
import { createRedisValues } from '../../adapters/redis/expiring-values.ts';
import { createRedisSessionIndex } from '../../adapters/redis/session-index.ts';
import type { AdapterFactory } from '../../adapters/types.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import { cacheAccountsByVersion, currentPerRequest } from './account-cache.ts';
import { installAtomicConsume } from './atomic-consume.ts';
import type { ExpiringValues } from './expiring-values.ts';
import { createRefreshReuse } from './refresh-reuse.ts';
import { createSealer } from './seal.ts';
import { withSelfExclusion } from './self-exclusion.ts';
import { enforceSessionCap } from './session-cap.ts';
import type { SessionEndedListener } from './session-events.ts';
import { withSessionChecks } from './session-find-account.ts';
import type { SessionIndex } from './session-index.ts';
import { indexSessions } from './session-index-hook.ts';
import { sessionStatusRoutes } from './session-status.ts';
import { createSessionVersions } from './session-versions.ts';
import { createSessionTerminator, type SessionTerminator } from './terminate.ts';
import { guardSessionVersions } from './version-guard.ts';

export interface SessionServicesInput {
  config: Config;
  redis: Redis | Cluster | undefined;
  cookieKeys: readonly string[];
  audit: AuditLog;
  pool: pg.Pool;
  accounts: AccountStore;
  /** oidc-provider's token store (Redis or memory) before the session hooks. */
  tokenStore: AdapterFactory;
  /** Told about every ended session or revoked grant (back-channel logout, event stream, ...). */
  listeners?: SessionEndedListener[];
}

/** Version cache lifetime: Redis is rewritten on every bump; memory (embedded) cannot hear the CLI's bumps. */
const VERSION_CACHE_TTL_MS = { redis: 10 * 60_000, memory: 5_000 };
/** Resolved accounts reused per session version (only with Redis, whose version cache every bump rewrites). */
const ACCOUNT_CACHE = { ttlMs: 60_000, max: 10_000 };

/** Builds the session and token-lifecycle services for one instance (Redis-backed, or memory when embedded). */
export function createSessionServices(input: SessionServicesInput) {
  const { config, redis } = input;
  const values = (namespace: string): ExpiringValues =>
    redis
      ? createRedisValues(redis, { prefix: config.REDIS_PREFIX, namespace })
      : createMemoryValues({ namespace });
  const reuse = createRefreshReuse({
    windowSeconds: config.REFRESH_REUSE_WINDOW,
    successors: values('succ'),
    sealer: createSealer(input.cookieKeys[0]!, 'pitboss refresh successor'),
    audit: input.audit,
  });
  const states = createSessionStateStore(input.pool);
  const versions = createSessionVersions({
    accounts: input.accounts,
    states,
    cache: values('ver'),
    cacheTtlMs: redis ? VERSION_CACHE_TTL_MS.redis : VERSION_CACHE_TTL_MS.memory,
  });
  const requestVersions = { ...versions, current: currentPerRequest(versions) };

  const index: SessionIndex = redis
    ? createRedisSessionIndex(redis, { prefix: config.REDIS_PREFIX })
    : createMemorySessionIndex();
  const listeners = [...(input.listeners ?? [])];
  let terminator: SessionTerminator | undefined;
  const cap = config.MAX_SESSIONS_PER_ACCOUNT
    ? enforceSessionCap({ index, terminator: () => terminator!, max: config.MAX_SESSIONS_PER_ACCOUNT })
    : undefined;
  const indexedStore = indexSessions(input.tokenStore, {
    index,
    retainMs: config.SESSION_ABSOLUTE_TTL * 1000,
    ...(cap ? { onRecorded: cap } : {}),
  });
  terminator = createSessionTerminator({ store: indexedStore, index, audit: input.audit, listeners });

  return {
    versions,
    index,
    terminator,
    /** The AccountStore for the login pages: refuses self-excluded players with a clear message. */
    loginAccounts: withSelfExclusion(input.accounts, { states, versions }),
    /** Subscribes a listener to ended sessions and revoked grants. */
    addListener(listener: SessionEndedListener): void {
      listeners.push(listener);
    },
    /** The store oidc-provider uses: session index hook, then the session-version guard. */
    store: guardSessionVersions(indexedStore, requestVersions, {
      sessionAbsoluteSeconds: config.SESSION_ABSOLUTE_TTL,
    }),
    /** findAccount with the session checks that need the presented token. */
    findAccount: (base: FindAccount): FindAccount =>
      withSessionChecks(redis ? cacheAccountsByVersion(base, requestVersions.current, ACCOUNT_CACHE) : base, {
        reuse,
      }),
    /** Hooks a freshly built provider (called again on every key-rotation rebuild). */
    install(provider: Provider): Provider {
      installAtomicConsume(provider);
      provider.use(reuse.middleware as never);
      provider.use(sessionStatusRoutes({ config, versions, provider }) as never);
      return provider;
    },
  };
}

export type SessionServices = ReturnType<typeof createSessionServices>;
