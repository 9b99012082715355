import type { EndReason } from '../sessions/session-events.ts';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A back-channel logout owed to one RP, as enqueued. */
export interface NewDelivery {
  clientId: string;
  accountId: string;
  sid?: string | undefined;
  sessionId?: string | undefined;
  reason: EndReason;
  /** Fixed for the life of the delivery: every retry's logout token carries it. */
  jti: string;
  deadlineAt: Date;
}

/** One outbox row. */
export interface Delivery extends NewDelivery {
  id: string;
  status: DeliveryStatus;
  /** Attempts started so far (a claimed row counts its in-flight attempt). */
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** What one attempt came to. */
export type AttemptResult =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; status: number | null; error: string; retryInMs: number }
  | { outcome: 'failed'; status: number | null; error: string };

/** Queue figures for metrics and operators. */
export interface OutboxStats {
  pending: number;
  /** Seconds since the oldest pending row was created; 0 when none. */
  oldestPendingAgeSeconds: number;
}

/** The durable back-channel logout queue (implemented in adapters/postgres/outbox-store.ts). */
export interface LogoutOutbox {
  /** Writes the rows durably; a (client, sid) already enqueued is skipped. Returns how many were new. */
  enqueue(deliveries: NewDelivery[]): Promise<number>;
  /**
   * Claims up to `limit` due pending rows for one attempt each (no other claimer gets them until
   * `leaseSeconds` pass), counting the attempt. Safe across instances.
   */
  claim(limit: number, leaseSeconds: number): Promise<Delivery[]>;
  /**
   * Extends the lease of claimed rows whose attempt is still running (the dispatcher's heartbeat), so a lease
   * can be short: a dead instance's rows come due again within seconds. Rows re-claimed since are skipped.
   */
  renew(deliveries: readonly Delivery[], leaseSeconds: number): Promise<void>;
  /** Records an attempt's result; ignored when the row was re-claimed since (stale worker). */
  settle(delivery: Delivery, result: AttemptResult): Promise<boolean>;
  /** Rows by status, newest first (admin API). */
  list(query: { status?: DeliveryStatus; limit?: number; offset?: number }): Promise<Delivery[]>;
  /** One row by id. */
  get(id: string): Promise<Delivery | undefined>;
  /** Puts a failed (or pending) row back to pending, due now, with a fresh deadline. False if unknown or delivered. */
  retry(id: string, deadlineAt: Date): Promise<boolean>;
  stats(): Promise<OutboxStats>;
}
