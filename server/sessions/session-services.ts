import type { Cluster, Redis } from 'ioredis';
import type Provider from 'oidc-provider';
import type { FindAccount } from 'oidc-provider';
import { createMemoryValues } from '../../adapters/memory/expiring-values.ts';
import { createRedisValues } from '../../adapters/redis/expiring-values.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import { installAtomicConsume } from './atomic-consume.ts';
import type { ExpiringValues } from './expiring-values.ts';
import { createRefreshReuse } from './refresh-reuse.ts';
import { createSealer } from './seal.ts';
import { withSessionChecks } from './session-find-account.ts';

export interface SessionServicesInput {
  config: Config;
  redis: Redis | Cluster | undefined;
  cookieKeys: readonly string[];
  audit: AuditLog;
}

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

  return {
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
