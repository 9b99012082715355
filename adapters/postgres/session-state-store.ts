import type pg from 'pg';
import { NotFoundError } from '../../server/errors.ts';
import type { SessionState, SessionStateStore } from '../../server/sessions/session-state.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  session_version: number;
  session_not_before: string;
  session_limit_minutes: number | null;
  reality_check_minutes: number | null;
  excluded_until: string | null;
  status: string;
}

/** SessionStateStore on the accounts table (columns from migrations 20261124200001/2). */
export function createSessionStateStore(pool: pg.Pool): SessionStateStore {
  return {
    async findExcluded(email) {
      const { rows } = await pool.query<{ id: string; password_hash: string; excluded_until: Date | null }>(
        `select id, password_hash, excluded_until from accounts
         where lower(email) = $1 and status = 'self_excluded'`,
        [email.trim().toLowerCase()],
      );
      const row = rows[0];
      return row && { id: row.id, passwordHash: row.password_hash, excludedUntil: row.excluded_until };
    },
    async read(accountId) {
      if (!UUID.test(accountId)) return undefined;
      const { rows } = await pool.query<Row>(
        `select session_version, session_not_before, session_limit_minutes, reality_check_minutes, status,
                floor(extract(epoch from excluded_until))::bigint as excluded_until
         from accounts where id = $1`,
        [accountId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        version: row.session_version,
        notBefore: Number(row.session_not_before),
        limitMinutes: row.session_limit_minutes,
        realityCheckMinutes: row.reality_check_minutes,
        excludedUntil: row.excluded_until == null ? null : Number(row.excluded_until),
        status: row.status,
      } satisfies SessionState;
    },
    async setLimit(accountId, minutes) {
      if (!UUID.test(accountId)) throw new NotFoundError('account');
      const { rowCount } = await pool.query(
        'update accounts set session_limit_minutes = $2, updated_at = now() where id = $1',
        [accountId, minutes],
      );
      if (!rowCount) throw new NotFoundError('account');
    },
    async exclude(accountId, until) {
      if (!UUID.test(accountId)) throw new NotFoundError('account');
      const { rowCount } = await pool.query(
        `update accounts set status = 'self_excluded', excluded_until = $2,
           session_version = session_version + 1, updated_at = now() where id = $1`,
        [accountId, until],
      );
      if (!rowCount) throw new NotFoundError('account');
    },
  };
}
