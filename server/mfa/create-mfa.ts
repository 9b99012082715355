import type { Cluster, Redis } from 'ioredis';
import type pg from 'pg';
import { createMemoryValues } from '../../adapters/memory/expiring-values.ts';
import { createMfaStore } from '../../adapters/postgres/mfa-store.ts';
import { createRedisValues } from '../../adapters/redis/expiring-values.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { createAttemptLimiter } from './attempt-limiter.ts';
import { createMfaService, type MfaService } from './mfa-service.ts';
import { createMemoryReplayGuard, createRedisReplayGuard } from './replay-guard.ts';

/** Wires the MFA service on Postgres plus Redis (shared by instances) or memory (embedded default). */
export function createMfa(deps: {
  pool: pg.Pool;
  redis: Redis | Cluster | undefined;
  prefix: string;
  key: Buffer;
  audit: AuditLog;
  /** MFA_LOCKOUT_SECONDS: the first account lockout's length (later ones within a day double). */
  lockoutSeconds?: number;
}): MfaService {
  return createMfaService({
    store: createMfaStore(deps.pool),
    key: deps.key,
    guard: deps.redis ? createRedisReplayGuard(deps.redis, deps.prefix) : createMemoryReplayGuard(),
    limiter: createAttemptLimiter({
      redis: deps.redis,
      prefix: deps.prefix,
      lockoutSeconds: deps.lockoutSeconds,
    }),
    audit: deps.audit,
    pending: deps.redis
      ? createRedisValues(deps.redis, { prefix: deps.prefix, namespace: 'mfa:pending' })
      : createMemoryValues({ namespace: 'mfa:pending' }),
  });
}
