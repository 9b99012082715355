import type pg from 'pg';
import type { AuditExport } from '../../server/audit/audit-reader.ts';
import { AUDIT_COLUMNS, auditWhere, toAuditRecord } from './audit-reader.ts';

/** Rows fetched per round trip: memory stays bounded by one batch whatever the range. */
const BATCH = 500;

/**
 * Postgres: a NO SCROLL cursor in a read-only REPEATABLE READ transaction on one pooled connection, so the
 * export is one consistent snapshot however long the client takes to read it, and only one batch is in
 * memory. The transaction ends (and the connection returns) when the export finishes or the client goes.
 */
export function createCursorAuditExport(pool: pg.Pool): AuditExport {
  return {
    async *rows(filter) {
      const { sql, params } = auditWhere(filter);
      const client = await pool.connect();
      let clean = false;
      try {
        await client.query('begin isolation level repeatable read read only');
        await client.query(
          `declare audit_export no scroll cursor for select ${AUDIT_COLUMNS} from audit_log ${sql} order by audit_log.id`,
          params,
        );
        for (;;) {
          const { rows } = await client.query(`fetch forward ${BATCH} from audit_export`);
          for (const row of rows) yield toAuditRecord(row);
          if (rows.length < BATCH) break;
        }
        await client.query('commit');
        clean = true;
      } finally {
        if (!clean) await client.query('rollback').catch(() => undefined);
        // A connection left mid-transaction by an error is discarded rather than reused.
        client.release(!clean);
      }
    },
  };
}

/**
 * Embedded PGlite has one backend shared by every connection, and an open transaction holds it: a slow
 * reader of a cursor would stall every sign-in. There the export reads keyset batches (id > last), each
 * its own statement; the trail is append-only, so batches neither skip nor repeat rows.
 */
export function createKeysetAuditExport(pool: pg.Pool): AuditExport {
  return {
    async *rows(filter) {
      let after = '0';
      for (;;) {
        const { sql, params } = auditWhere(filter);
        params.push(after);
        const where = `${sql ? `${sql} and` : 'where'} id > $${params.length}::bigint`;
        const { rows } = await pool.query(
          `select ${AUDIT_COLUMNS} from audit_log ${where} order by audit_log.id limit ${BATCH}`,
          params,
        );
        for (const row of rows) yield toAuditRecord(row);
        if (rows.length < BATCH) return;
        after = String(rows.at(-1)!.id);
      }
    },
  };
}
