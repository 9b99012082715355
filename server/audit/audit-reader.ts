import type { AuditEntry } from './audit-entry.ts';

/** One audit row as the admin API shows it: the stored entry plus its row id (older rows may lack an event id). */
export type AuditRecord = Omit<AuditEntry, 'eventId'> & { id: string; eventId: string | null };

/** Which audit rows an operator asks for (every filter optional, all of them combined with AND). */
export interface AuditFilter {
  accountId?: string | undefined;
  type?: string | undefined;
  /** Only events at or after this time. */
  since?: Date | undefined;
  /** Only events before this time. */
  until?: Date | undefined;
  ip?: string | undefined;
  clientId?: string | undefined;
}

export interface AuditQuery extends AuditFilter {
  /** Page size, 1..500. */
  limit: number;
  offset?: number | undefined;
}

/** Every audit row matching a filter, oldest first (chain order), read a batch at a time (flat memory). */
export interface AuditExport {
  rows(filter: AuditFilter): AsyncGenerator<AuditRecord>;
}

/** Reads the audit trail for operators, newest first. */
export interface AuditReader {
  list(query: AuditQuery): Promise<AuditRecord[]>;
  /** Walks the audit_log hash chain (tamper evidence). */
  verifyChain(): Promise<ChainReport>;
}

/** The outcome of walking the chain: every row checked, or the first row that does not link. */
export type ChainReport =
  | { ok: true; rows: number; unchained: number }
  | { ok: false; rows: number; brokenId: string; reason: 'prev_hash' | 'hash' };
