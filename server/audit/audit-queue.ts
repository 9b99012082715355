import type { AuditEntry } from './audit-entry.ts';

/** Entries handed to the writer; `ack` once they are committed to Postgres (never before). */
export interface AuditBatch {
  entries: AuditEntry[];
  ack(): Promise<void>;
}

/** A durable-enough buffer between `audit.record()` and the audit_log table (Redis stream or memory). */
export interface AuditQueue {
  readonly name: string;
  /** Appends one entry; rejects when the queue cannot take it (the caller then falls back). */
  push(entry: AuditEntry): Promise<void>;
  /** Up to `count` entries not yet acknowledged, oldest first; an empty batch when there are none. */
  take(count: number): Promise<AuditBatch>;
  /** Entries waiting to be written (approximate). */
  backlog(): Promise<number>;
}
