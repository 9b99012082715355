import type { Registry } from 'prom-client';
import type { AuditLog } from '../audit/audit-log.ts';
import type { CounterFactory } from '../http/rate-limits.ts';
import type { ExpiringValues } from '../sessions/expiring-values.ts';
import { createChallenges } from './challenges.ts';
import { createPasskeyLimits } from './passkey-limits.ts';
import { createPasskeyMetrics } from './passkey-metrics.ts';
import { createPasskeyService, type PasskeyService } from './passkey-service.ts';
import type { PasskeyStore } from './passkey-store.ts';

/** The name browsers show while registering a passkey. */
const RP_NAME = 'Pitboss';

/**
 * Wires passkeys on the stores the registry built (adapters/create-stores.ts): credentials in Postgres,
 * challenges (`values('pkc')`) and counters in Redis, or memory when embedded.
 */
export function createPasskeys(deps: {
  store: PasskeyStore;
  values: ExpiringValues;
  counters: CounterFactory;
  prefix: string;
  audit: AuditLog;
  registry: Registry;
  webauthn: { rpId: string; origins: readonly string[] };
}): PasskeyService {
  return createPasskeyService({
    store: deps.store,
    challenges: createChallenges(deps.values),
    limits: createPasskeyLimits(deps.counters, deps.prefix),
    audit: deps.audit,
    metrics: createPasskeyMetrics(deps.registry),
    rp: { ...deps.webauthn, name: RP_NAME },
  });
}
