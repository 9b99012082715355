import type pg from 'pg';
import type { EndRequest, EndRequestQueue, EndRequestResult } from '../../server/sessions/end-requests.ts';

interface Row {
  id: string;
  account_id: string;
  reason: string;
  actor: string | null;
  surface: string;
  action: 'end' | 'unlock';
}

/** EndRequestQueue on the session_end_requests table; done rows are kept a day for the audit of who asked. */
export function createEndRequestStore(pool: pg.Pool): EndRequestQueue {
  return {
    async enqueue(r) {
      const { rows } = await pool.query<{ id: string }>(
        `insert into session_end_requests (account_id, reason, actor, surface, action)
         values ($1, $2, $3, $4, $5) returning id`,
        [r.accountId, r.reason, r.actor ?? null, r.surface, r.action ?? 'end'],
      );
      return String(rows[0]!.id);
    },
    async claim(limit, leaseSeconds) {
      const { rows } = await pool.query<Row>(
        `update session_end_requests r set claimed_until = now() + make_interval(secs => $2)
           from (select id from session_end_requests
                  where done_at is null and (claimed_until is null or claimed_until < now())
                  order by requested_at limit $1 for update skip locked) due
          where r.id = due.id
          returning r.id, r.account_id, r.reason, r.actor, r.surface, r.action`,
        [limit, leaseSeconds],
      );
      return rows.map(
        (row): EndRequest => ({
          id: String(row.id),
          accountId: row.account_id,
          reason: row.reason,
          actor: row.actor ?? undefined,
          surface: row.surface,
          action: row.action,
        }),
      );
    },
    async complete(id, result) {
      await pool.query('update session_end_requests set done_at = now(), result = $2 where id = $1', [
        id,
        result,
      ]);
      await pool.query("delete from session_end_requests where done_at < now() - interval '1 day'");
    },
    async result(id) {
      const { rows } = await pool.query<{ result: EndRequestResult | null }>(
        'select result from session_end_requests where id = $1 and done_at is not null',
        [id],
      );
      return rows[0]?.result ?? undefined;
    },
  };
}
