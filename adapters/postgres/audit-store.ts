import type pg from 'pg';
import { chainHash, GENESIS_HASH, toEntry } from '../../server/audit/audit-entry.ts';
import type { AuditLog } from '../../server/audit/audit-log.ts';
import type { AuditStore } from '../../server/audit/audit-store.ts';
import { withTransaction } from './transaction.ts';

// First half of the advisory lock key (second: the schema), distinct from the migration lock.
const CHAIN_LOCK_CLASS = 0x50b0a0;

const INSERT = `insert into audit_log
  (event_id, at, type, outcome, account_id, client_id, session_id, grant_id, ip, user_agent, request_id,
   detail, prev_hash, hash)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
  on conflict (event_id) do nothing`;

/**
 * The audit_log writer. One transaction per batch holds a transaction-scoped advisory lock, so writers on
 * every instance extend one chain: each reads the last hash under the lock and links its rows onto it.
 */
export function createPostgresAuditStore(pool: pg.Pool): AuditStore {
  return {
    async append(entries) {
      if (entries.length === 0) return { inserted: 0 };
      return withTransaction(pool, async (client) => {
        await client.query('select pg_advisory_xact_lock($1, hashtext(current_schema()))', [
          CHAIN_LOCK_CLASS,
        ]);
        // Entries already stored (a crash between commit and ack) are skipped before hashing, so a
        // duplicate never consumes a link of the chain.
        const ids = entries.map((e) => e.eventId);
        const seen = await client.query<{ event_id: string }>(
          'select event_id from audit_log where event_id = any($1::text[])',
          [ids],
        );
        const stored = new Set(seen.rows.map((r) => r.event_id));
        const last = await client.query<{ hash: string }>(
          'select hash from audit_log where hash is not null order by id desc limit 1',
        );
        let prev = last.rows[0]?.hash ?? GENESIS_HASH;
        let inserted = 0;
        for (const e of entries) {
          if (stored.has(e.eventId)) continue;
          stored.add(e.eventId);
          const hash = chainHash(prev, e);
          const result = await client.query(INSERT, [
            e.eventId,
            e.at,
            e.type,
            e.outcome,
            e.accountId,
            e.clientId,
            e.sessionId,
            e.grantId,
            e.ip,
            e.userAgent,
            e.requestId,
            e.detail,
            prev,
            hash,
          ]);
          if (result.rowCount) {
            inserted += 1;
            prev = hash;
          }
        }
        return { inserted };
      });
    },
  };
}

/**
 * An AuditLog that writes each event straight into the chain: for short-lived processes (the CLI) that
 * have no writer running. A failure rejects, so the command reports it.
 */
export function createDirectAuditLog(pool: pg.Pool): AuditLog {
  const store = createPostgresAuditStore(pool);
  return {
    async record(event) {
      await store.append([toEntry(event)]);
    },
  };
}
