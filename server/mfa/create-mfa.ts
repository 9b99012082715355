import type { Cluster, Redis } from 'ioredis';
import type pg from 'pg';
import { createMfaStore } from '../../adapters/postgres/mfa-store.ts';
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
  passkeys?: { count(accountId: string): Promise<number> };
}): MfaService {
  return createMfaService({
    store: createMfaStore(deps.pool),
    key: deps.key,
    guard: deps.redis ? createRedisReplayGuard(deps.redis, deps.prefix) : createMemoryReplayGuard(),
    limiter: createAttemptLimiter({ redis: deps.redis, prefix: deps.prefix }),
    audit: deps.audit,
    passkeys: deps.passkeys,
  });
}
