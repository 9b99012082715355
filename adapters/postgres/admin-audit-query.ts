import type pg from 'pg';
import type { AdminAudit, AuditEntry } from '../../server/admin/ports.ts';

interface Row {
  id: string;
  at: Date;
  type: string;
  outcome: string;
  account_id: string | null;
  client_id: string | null;
  session_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
  total: string;
}

/**
 * PROVISIONAL (issue 7): reads audit_log for the admin API, newest first, until issue 8's audit reader
 * (createAuditReader) lands; compose.ts then plugs that in behind the same AdminAudit port.
 */
export function createAdminAuditQuery(pool: pg.Pool): AdminAudit {
  return {
    async list({ accountId, type, since, limit, offset }) {
      const { rows } = await pool.query<Row>(
        `select *, count(*) over () as total from audit_log
          where ($1::text is null or account_id = $1)
            and ($2::text is null or type = $2)
            and ($3::timestamptz is null or at >= $3)
          order by at desc, id desc limit $4 offset $5`,
        [accountId ?? null, type ?? null, since ?? null, limit, offset],
      );
      const items: AuditEntry[] = rows.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        type: r.type,
        outcome: r.outcome,
        accountId: r.account_id,
        clientId: r.client_id,
        sessionId: r.session_id,
        ip: r.ip,
        userAgent: r.user_agent,
        detail: r.detail,
      }));
      return { items, total: Number(rows[0]?.total ?? 0), limit, offset };
    },
  };
}
