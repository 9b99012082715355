import { createHash, randomUUID } from 'node:crypto';
import type { AuditEvent } from './audit-log.ts';

/** An audit event as queued and stored: identified, timestamped, with every optional field resolved. */
export interface AuditEntry {
  /** Unique per event; the table's idempotency key (a retried write of the same event is a no-op). */
  eventId: string;
  /** ISO 8601 time the event was recorded (millisecond precision, UTC). */
  at: string;
  type: string;
  outcome: string;
  accountId: string | null;
  clientId: string | null;
  sessionId: string | null;
  grantId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

/** The first row of a chain hashes onto this. */
export const GENESIS_HASH = '0'.repeat(64);

// Bounds keep one runaway caller from filling the queue or the table with one event.
const MAX_TEXT = 512;
const MAX_DETAIL_BYTES = 4096;

// Postgres text and jsonb refuse NUL; strip it here so one odd value cannot block the queue forever.
function text(value: unknown, max = MAX_TEXT): string | null {
  if (value === undefined || value === null || value === '') return null;
  return String(value).replaceAll('\u0000', '').slice(0, max);
}

function detailOf(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!detail) return {};
  const json = JSON.stringify(detail, (_key, v) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v));
  if (json.length > MAX_DETAIL_BYTES) return { truncated: true, bytes: json.length };
  return JSON.parse(json) as Record<string, unknown>;
}

/** Gives an event its id and time and normalises it into the shape the queue and the table hold. */
export function toEntry(
  event: AuditEvent,
  context: { requestId?: string | undefined; ip?: string | undefined; userAgent?: string | undefined } = {},
  now = new Date(),
): AuditEntry {
  return {
    eventId: randomUUID(),
    at: now.toISOString(),
    type: text(event.type, 64) ?? 'unknown',
    outcome: text(event.outcome, 32) ?? 'unknown',
    accountId: text(event.accountId),
    clientId: text(event.clientId),
    sessionId: text(event.sessionId),
    grantId: text(event.grantId),
    ip: text(event.ip ?? context.ip, 64),
    userAgent: text(event.userAgent ?? context.userAgent),
    requestId: text(context.requestId, 128),
    detail: detailOf(event.detail),
  };
}

/** JSON with object keys sorted at every depth: the same value always gives the same string (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 (hex) of the previous row's hash followed by this row's canonical content. */
export function chainHash(prevHash: string, entry: AuditEntry): string {
  const content = canonicalJson([
    entry.eventId,
    entry.at,
    entry.type,
    entry.outcome,
    entry.accountId,
    entry.clientId,
    entry.sessionId,
    entry.grantId,
    entry.ip,
    entry.userAgent,
    entry.requestId,
    entry.detail,
  ]);
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}
