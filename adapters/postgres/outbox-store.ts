import type pg from 'pg';
import type {
  AttemptResult,
  Delivery,
  DeliveryStatus,
  LogoutOutbox,
  NewDelivery,
} from '../../server/logout/outbox.ts';
import { claimDue } from './claim-due.ts';

export interface OutboxRow {
  id: string;
  client_id: string;
  account_id: string;
  sid: string | null;
  session_id: string | null;
  jti: string;
  reason: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  deadline_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export const toDelivery = (r: OutboxRow): Delivery => ({
  id: String(r.id),
  clientId: r.client_id,
  accountId: r.account_id,
  sid: r.sid ?? undefined,
  sessionId: r.session_id ?? undefined,
  jti: r.jti,
  reason: r.reason as Delivery['reason'],
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  deadlineAt: r.deadline_at,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

const MAX_ERROR_LENGTH = 500;
const isId = (id: string) => /^\d{1,18}$/.test(id);

/** LogoutOutbox on the backchannel_outbox table; leased claims (claim-due.ts). */
export function createOutboxStore(pool: pg.Pool): LogoutOutbox {
  return {
    async enqueue(deliveries: NewDelivery[]) {
      if (deliveries.length === 0) return 0;
      const values: unknown[] = [];
      const tuples = deliveries.map((d, i) => {
        values.push(
          d.clientId,
          d.accountId,
          d.sid ?? null,
          d.sessionId ?? null,
          d.jti,
          d.reason,
          d.deadlineAt,
        );
        const b = i * 7;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
      });
      const { rowCount } = await pool.query(
        `insert into backchannel_outbox (client_id, account_id, sid, session_id, jti, reason, deadline_at)
         values ${tuples.join(', ')}
         on conflict (client_id, sid) where sid is not null do nothing`,
        values,
      );
      return rowCount ?? 0;
    },

    async claim(limit, leaseSeconds) {
      return (await claimDue<OutboxRow>(pool, 'backchannel_outbox', limit, leaseSeconds)).map(toDelivery);
    },

    async renew(deliveries, leaseSeconds) {
      if (deliveries.length === 0) return;
      // attempts fences the renewal as it fences settle: a row re-claimed by another instance is not touched.
      await pool.query(
        `update backchannel_outbox o set next_attempt_at = now() + make_interval(secs => $3)
           from unnest($1::bigint[], $2::int[]) as held(id, attempts)
          where o.id = held.id and o.attempts = held.attempts and o.status = 'pending'`,
        [deliveries.map((d) => d.id), deliveries.map((d) => d.attempts), leaseSeconds],
      );
    },

    async settle(delivery, result: AttemptResult) {
      // attempts is the fencing token: a worker whose lease ran out and was re-claimed must not overwrite.
      const fence = [delivery.id, delivery.attempts, result.status];
      const sql =
        result.outcome === 'delivered'
          ? `update backchannel_outbox set status = 'delivered', delivered_at = now(), last_status = $3,
               last_error = null where id = $1 and attempts = $2 and status = 'pending'`
          : result.outcome === 'retry'
            ? `update backchannel_outbox set last_status = $3, last_error = $4,
                 next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
               where id = $1 and attempts = $2 and status = 'pending'`
            : `update backchannel_outbox set status = 'failed', last_status = $3, last_error = $4
               where id = $1 and attempts = $2 and status = 'pending'`;
      const params =
        result.outcome === 'delivered'
          ? fence
          : result.outcome === 'retry'
            ? [...fence, result.error.slice(0, MAX_ERROR_LENGTH), result.retryInMs]
            : [...fence, result.error.slice(0, MAX_ERROR_LENGTH)];
      const { rowCount } = await pool.query(sql, params);
      return (rowCount ?? 0) > 0;
    },

    async list({ status, limit = 50, offset = 0 }) {
      const { rows } = await pool.query<OutboxRow>(
        `select * from backchannel_outbox where ($1::text is null or status = $1)
          order by created_at desc, id desc limit $2 offset $3`,
        [status ?? null, Math.min(Math.max(limit, 1), 500), Math.max(offset, 0)],
      );
      return rows.map(toDelivery);
    },

    async get(id) {
      if (!isId(id)) return undefined;
      const { rows } = await pool.query<OutboxRow>('select * from backchannel_outbox where id = $1', [id]);
      return rows[0] && toDelivery(rows[0]);
    },

    async retry(id, deadlineAt) {
      if (!isId(id)) return false;
      const { rowCount } = await pool.query(
        `update backchannel_outbox set status = 'pending', next_attempt_at = now(), deadline_at = $2
          where id = $1 and status <> 'delivered'`,
        [id, deadlineAt],
      );
      return (rowCount ?? 0) > 0;
    },

    async stats() {
      const { rows } = await pool.query<{ pending: string; oldest: Date | null; now: Date }>(
        `select count(*) as pending, min(created_at) as oldest, now() as now
           from backchannel_outbox where status = 'pending'`,
      );
      const row = rows[0]!;
      const age = row.oldest ? Math.max(0, (row.now.getTime() - row.oldest.getTime()) / 1000) : 0;
      return { pending: Number(row.pending), oldestPendingAgeSeconds: age };
    },
  };
}
