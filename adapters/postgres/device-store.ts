import type pg from 'pg';
import type { DeviceStore } from '../../server/devices/device-store.ts';
import { withTransaction } from './transaction.ts';

/** DeviceStore on Postgres: `known_devices`, one row per (account, device). */
export function createDeviceStore(pool: pg.Pool): DeviceStore {
  return {
    async isKnown(accountId, deviceHash) {
      const { rowCount } = await pool.query(
        'select 1 from known_devices where account_id = $1 and device_hash = $2',
        [accountId, deviceHash],
      );
      return (rowCount ?? 0) > 0;
    },
    remember: (accountId, deviceHash, userAgent, keep) =>
      withTransaction(pool, async (db) => {
        await db.query(
          `insert into known_devices (account_id, device_hash, user_agent) values ($1, $2, $3)
           on conflict (account_id, device_hash) do update set last_seen_at = now(), user_agent = $3`,
          [accountId, deviceHash, userAgent?.slice(0, 512) ?? null],
        );
        // Bounded per account: the least recently seen browsers are forgotten first.
        await db.query(
          `delete from known_devices where account_id = $1 and device_hash not in (
             select device_hash from known_devices where account_id = $1
             order by last_seen_at desc limit $2)`,
          [accountId, keep],
        );
      }),
    async forgetAll(accountId) {
      const { rowCount } = await pool.query('delete from known_devices where account_id = $1', [accountId]);
      return rowCount ?? 0;
    },
  };
}
