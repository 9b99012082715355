import type pg from 'pg';
import type { AuditEvent, AuditLog } from '../../server/audit/audit-log.ts';

/** Writes audit events straight to the audit_log table. */
export function createPostgresAuditLog(pool: pg.Pool): AuditLog {
  return {
    async record(event: AuditEvent) {
      await pool.query(
        `insert into audit_log (type, outcome, account_id, client_id, session_id, ip, user_agent, detail)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          event.type,
          event.outcome,
          event.accountId ?? null,
          event.clientId ?? null,
          event.sessionId ?? null,
          event.ip ?? null,
          event.userAgent?.slice(0, 512) ?? null,
          { ...(event.grantId ? { grantId: event.grantId } : {}), ...event.detail },
        ],
      );
    },
  };
}
