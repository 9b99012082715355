import type pg from 'pg';
import { type AuditEntry, chainHash, GENESIS_HASH } from '../../server/audit/audit-entry.ts';
import type { ChainReport } from '../../server/audit/audit-reader.ts';

interface Row {
  id: string;
  event_id: string;
  at: Date | string;
  type: string;
  outcome: string;
  account_id: string | null;
  client_id: string | null;
  session_id: string | null;
  grant_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const PAGE = 1000;

function entryOf(row: Row): AuditEntry {
  return {
    eventId: row.event_id,
    at: new Date(row.at).toISOString(),
    type: row.type,
    outcome: row.outcome,
    accountId: row.account_id,
    clientId: row.client_id,
    sessionId: row.session_id,
    grantId: row.grant_id,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    detail: row.detail,
  };
}

/**
 * Walks audit_log in id order (keyset pages) recomputing every hash. Rows written before the chain
 * existed (no hash) are counted as unchained and skipped; the chain starts at the first hashed row.
 */
export async function verifyAuditChain(pool: pg.Pool): Promise<ChainReport> {
  const unchained = await pool.query<{ n: string }>(
    'select count(*)::text as n from audit_log where hash is null',
  );
  let prev = GENESIS_HASH;
  let lastId = '0';
  let rows = 0;
  for (;;) {
    const page = await pool.query<Row>(
      `select id::text as id, event_id, at, type, outcome, account_id, client_id, session_id, grant_id, ip,
              user_agent, request_id, detail, prev_hash, hash
         from audit_log where hash is not null and id > $1::bigint order by audit_log.id limit ${PAGE}`,
      [lastId],
    );
    for (const row of page.rows) {
      if (row.prev_hash !== prev) return { ok: false, rows, brokenId: row.id, reason: 'prev_hash' };
      if (chainHash(prev, entryOf(row)) !== row.hash) {
        return { ok: false, rows, brokenId: row.id, reason: 'hash' };
      }
      prev = row.hash;
      lastId = row.id;
      rows += 1;
    }
    if (page.rows.length < PAGE) return { ok: true, rows, unchained: Number(unchained.rows[0]?.n ?? 0) };
  }
}
