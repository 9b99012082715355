import type pg from 'pg';
import type { AuditFilter, AuditReader, AuditRecord } from '../../server/audit/audit-reader.ts';
import { verifyAuditChain } from './audit-verify.ts';

export const AUDIT_COLUMNS = `id::text as id, event_id, at, type, outcome, account_id, client_id, session_id,
  grant_id, ip, user_agent, request_id, detail`;

/** The WHERE clause (possibly empty) and its parameters for a filter; indexes exist for each column. */
export function auditWhere(filter: AuditFilter, params: unknown[] = []): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const add = (column: string, op: string, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    params.push(value);
    where.push(`${column} ${op} $${params.length}`);
  };
  add('account_id', '=', filter.accountId);
  add('type', '=', filter.type);
  add('at', '>=', filter.since?.toISOString());
  add('at', '<', filter.until?.toISOString());
  add('ip', '=', filter.ip);
  add('client_id', '=', filter.clientId);
  return { sql: where.length ? `where ${where.join(' and ')}` : '', params };
}

/** A selected audit_log row (AUDIT_COLUMNS) as an AuditRecord. */
export function toAuditRecord(r: Record<string, unknown>): AuditRecord {
  return {
    id: String(r.id),
    eventId: (r.event_id as string | null) ?? null,
    at: new Date(r.at as string).toISOString(),
    type: String(r.type),
    outcome: String(r.outcome),
    accountId: (r.account_id as string | null) ?? null,
    clientId: (r.client_id as string | null) ?? null,
    sessionId: (r.session_id as string | null) ?? null,
    grantId: (r.grant_id as string | null) ?? null,
    ip: (r.ip as string | null) ?? null,
    userAgent: (r.user_agent as string | null) ?? null,
    requestId: (r.request_id as string | null) ?? null,
    detail: (r.detail as Record<string, unknown>) ?? {},
  };
}

/** An AuditReader over audit_log (filters use the (account_id, at), (type, at), client and ip indexes). */
export function createAuditReader(pool: pg.Pool): AuditReader {
  return {
    verifyChain: () => verifyAuditChain(pool),
    async list(query) {
      const { sql, params } = auditWhere(query);
      params.push(Math.min(Math.max(Math.trunc(query.limit) || 1, 1), 500));
      params.push(Math.max(Math.trunc(query.offset ?? 0) || 0, 0));
      const { rows } = await pool.query(
        `select ${AUDIT_COLUMNS} from audit_log ${sql}
          order by audit_log.at desc, audit_log.id desc limit $${params.length - 1} offset $${params.length}`,
        params,
      );
      return rows.map(toAuditRecord);
    },
  };
}
