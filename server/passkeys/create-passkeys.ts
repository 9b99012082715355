import type { Cluster, Redis } from 'ioredis';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { createMemoryValues } from '../../adapters/memory/expiring-values.ts';
import { createPasskeyStore } from '../../adapters/postgres/passkey-store.ts';
import { createRedisValues } from '../../adapters/redis/expiring-values.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { createChallenges } from './challenges.ts';
import { createPasskeyLimits } from './passkey-limits.ts';
import { createPasskeyMetrics } from './passkey-metrics.ts';
import { createPasskeyService, type PasskeyService } from './passkey-service.ts';

/** The name browsers show while registering a passkey. */
const RP_NAME = 'Pitboss';

/** Wires passkeys: credentials in Postgres, challenges and counters in Redis (memory when embedded). */
export function createPasskeys(deps: {
  pool: pg.Pool;
  redis: Redis | Cluster | undefined;
  prefix: string;
  audit: AuditLog;
  registry: Registry;
  webauthn: { rpId: string; origins: readonly string[] };
}): PasskeyService {
  const namespace = 'pkc';
  const values = deps.redis
    ? createRedisValues(deps.redis, { prefix: deps.prefix, namespace })
    : createMemoryValues({ namespace });
  return createPasskeyService({
    store: createPasskeyStore(deps.pool),
    challenges: createChallenges(values),
    limits: createPasskeyLimits(deps.redis, deps.prefix),
    audit: deps.audit,
    metrics: createPasskeyMetrics(deps.registry),
    rp: { ...deps.webauthn, name: RP_NAME },
  });
}
