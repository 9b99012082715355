import type pg from 'pg';
import type { DeliveryReader } from '../../server/admin/ports.ts';
import { type OutboxRow, toDelivery } from './outbox-store.ts';

/** Reads back-channel outbox rows for the answers of endings (rows after a mark: ids only grow). */
export function createDeliveryReader(pool: pg.Pool): DeliveryReader {
  return {
    async mark() {
      const { rows } = await pool.query<{ id: string }>(
        'select coalesce(max(id), 0)::text as id from backchannel_outbox',
      );
      return rows[0]!.id;
    },
    async forAccountAfter(accountId, mark) {
      const { rows } = await pool.query<OutboxRow>(
        `select * from backchannel_outbox where account_id = $1 and id > $2::bigint order by id limit 500`,
        [accountId, mark],
      );
      return rows.map(toDelivery);
    },
    async byIds(ids) {
      const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
      if (valid.length === 0) return [];
      const { rows } = await pool.query<OutboxRow>(
        'select * from backchannel_outbox where id = any($1::bigint[]) order by id',
        [valid],
      );
      return rows.map(toDelivery);
    },
  };
}
