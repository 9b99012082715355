import type { Cluster, Redis } from 'ioredis';
import type Provider from 'oidc-provider';
import type { FindAccount } from 'oidc-provider';
import type pg from 'pg';
import { createMemoryValues } from '../../adapters/memory/expiring-values.ts';
import { createSessionStateStore } from '../../adapters/postgres/session-state-store.ts';
import { createRedisValues } from '../../adapters/redis/expiring-values.ts';
import type { AdapterFactory } from '../../adapters/types.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import { installAtomicConsume } from './atomic-consume.ts';
import type { ExpiringValues } from './expiring-values.ts';
import { createRefreshReuse } from './refresh-reuse.ts';
import { createSealer } from './seal.ts';
import { withSessionChecks } from './session-find-account.ts';
import { createSessionVersions } from './session-versions.ts';
import { guardSessionVersions } from './version-guard.ts';

export interface SessionServicesInput {
  config: Config;
  redis: Redis | Cluster | undefined;
  cookieKeys: readonly string[];
  audit: AuditLog;
  pool: pg.Pool;
  accounts: AccountStore;
}

/** Version cache lifetime: Redis is rewritten on every bump; memory (embedded) cannot hear the CLI's bumps. */
const VERSION_CACHE_TTL_MS = { redis: 10 * 60_000, memory: 5_000 };

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
  const versions = createSessionVersions({
    accounts: input.accounts,
    states: createSessionStateStore(input.pool),
    cache: values('ver'),
    cacheTtlMs: redis ? VERSION_CACHE_TTL_MS.redis : VERSION_CACHE_TTL_MS.memory,
  });

  return {
    versions,
    /** Wraps the token store with the session-version check (see version-guard.ts). */
    guard: (factory: AdapterFactory): AdapterFactory => guardSessionVersions(factory, versions),
    /** findAccount with the session checks that need the presented token. */
    findAccount: (base: FindAccount): FindAccount => withSessionChecks(base, { reuse }),
    /** Hooks a freshly built provider (called again on every key-rotation rebuild). */
    install(provider: Provider): Provider {
      installAtomicConsume(provider);
      provider.use(reuse.middleware as never);
      return provider;
    },
  };
}

export type SessionServices = ReturnType<typeof createSessionServices>;
