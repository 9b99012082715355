import type pg from 'pg';

/** The outbox tables worked by leased claims (each has id, status, attempts, next_attempt_at). */
export type OutboxTable = 'backchannel_outbox' | 'mail_outbox';

/**
 * Claims up to `limit` due pending rows of an outbox for one attempt each. The lease (next_attempt_at pushed
 * `leaseSeconds` ahead) keeps a row from other claimers while its attempt runs, without holding a transaction
 * open over the network; SKIP LOCKED keeps concurrent claimers off each other's rows. `attempts` is bumped:
 * it is the fencing token with which the attempt is settled.
 */
export async function claimDue<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  table: OutboxTable,
  limit: number,
  leaseSeconds: number,
): Promise<Row[]> {
  const { rows } = await pool.query<Row>(
    `update ${table} o
        set attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       from (select id from ${table}
              where status = 'pending' and next_attempt_at <= now()
              order by next_attempt_at limit $1
              for update skip locked) due
      where o.id = due.id
      returning o.*`,
    [limit, leaseSeconds],
  );
  return rows;
}
