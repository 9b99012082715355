import type { AuditEntry } from './audit-entry.ts';

/** Where queued audit entries end up: the append-only, hash-chained audit_log table. */
export interface AuditStore {
  /** Writes entries not yet stored (by event id) in order, chaining each; resolves once committed. */
  append(entries: readonly AuditEntry[]): Promise<{ inserted: number }>;
}
