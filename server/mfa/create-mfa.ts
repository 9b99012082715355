import type { AuditLog } from '../audit/audit-log.ts';
import type { CounterFactory } from '../http/rate-limits.ts';
import type { ExpiringValues } from '../sessions/expiring-values.ts';
import { createAttemptLimiter } from './attempt-limiter.ts';
import { createMfaService, type MfaService } from './mfa-service.ts';
import type { MfaStore } from './mfa-store.ts';
import type { ReplayGuard } from './replay-guard.ts';

/** Wires the MFA service on the stores the registry built (adapters/create-stores.ts). */
export function createMfa(deps: {
  store: MfaStore;
  guard: ReplayGuard;
  counters: CounterFactory;
  prefix: string;
  key: Buffer;
  audit: AuditLog;
  /** MFA_LOCKOUT_SECONDS: the first account lockout's length (later ones within a day double). */
  lockoutSeconds?: number;
  /** Pending enrolment secrets, one per flow (the registry's expiring values, namespace mfa:pending). */
  pending: ExpiringValues;
}): MfaService {
  return createMfaService({
    store: deps.store,
    key: deps.key,
    guard: deps.guard,
    limiter: createAttemptLimiter({
      counters: deps.counters,
      prefix: deps.prefix,
      lockoutSeconds: deps.lockoutSeconds,
    }),
    audit: deps.audit,
    pending: deps.pending,
  });
}
