import type pg from 'pg';
import type { AuditReader } from '../../server/audit/audit-reader.ts';
import { verifyAuditChain } from './audit-verify.ts';

/** An AuditReader over audit_log (filters use the (account_id, at) and (type, at) indexes). */
export function createAuditReader(pool: pg.Pool): AuditReader {
  return {
    verifyChain: () => verifyAuditChain(pool),
    async list(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.accountId) {
        params.push(query.accountId);
        where.push(`account_id = $${params.length}`);
      }
      if (query.type) {
        params.push(query.type);
        where.push(`type = $${params.length}`);
      }
      if (query.since) {
        params.push(query.since.toISOString());
        where.push(`at >= $${params.length}`);
      }
      params.push(Math.min(Math.max(Math.trunc(query.limit) || 1, 1), 500));
      params.push(Math.max(Math.trunc(query.offset ?? 0) || 0, 0));
      const { rows } = await pool.query(
        `select id::text as id, event_id, at, type, outcome, account_id, client_id, session_id, grant_id, ip,
                user_agent, request_id, detail
           from audit_log ${where.length ? `where ${where.join(' and ')}` : ''}
          order by audit_log.at desc, audit_log.id desc limit $${params.length - 1} offset $${params.length}`,
        params,
      );
      return rows.map((r) => ({
        id: r.id,
        eventId: r.event_id,
        at: new Date(r.at).toISOString(),
        type: r.type,
        outcome: r.outcome,
        accountId: r.account_id,
        clientId: r.client_id,
        sessionId: r.session_id,
        grantId: r.grant_id,
        ip: r.ip,
        userAgent: r.user_agent,
        requestId: r.request_id,
        detail: r.detail,
      }));
    },
  };
}
