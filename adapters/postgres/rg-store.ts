import type pg from 'pg';
import { NotFoundError } from '../../server/errors.ts';
import type { LimitName } from '../../server/rg/cooling-off.ts';
import type { RestrictionPeriod } from '../../server/rg/periods.ts';
import type { LimitChange, Restriction, RestrictionKind, RgStore } from '../../server/rg/rg-store.ts';
import { withTransaction } from './transaction.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The accounts column holding each limit's value in force (names are fixed here, never taken from input).
const COLUMN: Record<LimitName, string> = {
  session_minutes: 'session_limit_minutes',
  reality_check_minutes: 'reality_check_minutes',
};

interface ChangeRow {
  id: string;
  account_id: string;
  name: LimitName;
  old_value: number | null;
  new_value: number | null;
  requested_at: Date;
  effective_at: Date;
  applied_at: Date | null;
  cancelled_at: Date | null;
  actor: string;
  surface: string;
  reason: string | null;
}

interface RestrictionRow {
  id: string;
  kind: RestrictionKind;
  period: RestrictionPeriod | null;
  starts_at: Date;
  ends_at: Date | null;
  actor: string;
  surface: string;
  reason: string | null;
}

const toChange = (r: ChangeRow): LimitChange => ({
  id: String(r.id),
  name: r.name,
  oldValue: r.old_value,
  newValue: r.new_value,
  requestedAt: r.requested_at,
  effectiveAt: r.effective_at,
  appliedAt: r.applied_at,
  cancelledAt: r.cancelled_at,
  actor: r.actor,
  surface: r.surface,
  reason: r.reason,
});

const toRestriction = (r: RestrictionRow): Restriction => ({
  id: String(r.id),
  kind: r.kind,
  period: r.period,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  actor: r.actor,
  surface: r.surface,
  reason: r.reason,
});

function requireId(accountId: string): void {
  if (!UUID.test(accountId)) throw new NotFoundError('account');
}

/** Applies due changes inside a transaction: marks them applied and writes the value in force. */
async function applyDueIn(client: pg.PoolClient, accountId?: string) {
  const { rows } = await client.query<ChangeRow>(
    `update rg_limit_changes set applied_at = now()
     where id in (select id from rg_limit_changes
                  where applied_at is null and cancelled_at is null and effective_at <= now()
                    and ($1::uuid is null or account_id = $1)
                  order by effective_at for update skip locked)
     returning *`,
    [accountId ?? null],
  );
  for (const row of rows.sort((a, b) => a.effective_at.getTime() - b.effective_at.getTime())) {
    await client.query(`update accounts set ${COLUMN[row.name]} = $2, updated_at = now() where id = $1`, [
      row.account_id,
      row.new_value,
    ]);
  }
  return rows.map((r) => ({ ...toChange(r), accountId: r.account_id }));
}

/** RgStore on Postgres (tables from migration 20261130150001). */
export function createRgStore(pool: pg.Pool): RgStore {
  return {
    async limits(accountId) {
      requireId(accountId);
      const { rows } = await pool.query<{
        session_limit_minutes: number | null;
        reality_check_minutes: number | null;
      }>('select session_limit_minutes, reality_check_minutes from accounts where id = $1', [accountId]);
      if (!rows[0]) throw new NotFoundError('account');
      const pending = await pool.query<ChangeRow>(
        `select * from rg_limit_changes where account_id = $1 and applied_at is null and cancelled_at is null
         order by effective_at`,
        [accountId],
      );
      return {
        session_minutes: rows[0].session_limit_minutes,
        reality_check_minutes: rows[0].reality_check_minutes,
        pending: pending.rows.map((r) => ({
          id: String(r.id),
          name: r.name,
          value: r.new_value,
          effectiveAt: r.effective_at,
        })),
      };
    },

    async requestLimit(accountId, change, by) {
      requireId(accountId);
      return withTransaction(pool, async (client) => {
        // Serialises changes of one account, so two requests cannot both see the same value in force.
        const locked = await client.query('select 1 from accounts where id = $1 for update', [accountId]);
        if (!locked.rowCount) throw new NotFoundError('account');
        await client.query(
          `update rg_limit_changes set cancelled_at = now()
           where account_id = $1 and name = $2 and applied_at is null and cancelled_at is null`,
          [accountId, change.name],
        );
        const { rows } = await client.query<ChangeRow>(
          `insert into rg_limit_changes (account_id, name, old_value, new_value, effective_at, actor, surface, reason)
           values ($1, $2, $3, $4, coalesce($5, now()), $6, $7, $8) returning *`,
          [
            accountId,
            change.name,
            change.oldValue,
            change.newValue,
            change.effectiveAt,
            by.actor,
            by.surface,
            by.reason ?? null,
          ],
        );
        if (change.effectiveAt === null) await applyDueIn(client, accountId);
        const row = await client.query<ChangeRow>('select * from rg_limit_changes where id = $1', [
          rows[0]!.id,
        ]);
        return toChange(row.rows[0]!);
      });
    },

    async applyDue(accountId) {
      if (accountId !== undefined) requireId(accountId);
      return withTransaction(pool, (client) => applyDueIn(client, accountId));
    },

    async activeRestriction(accountId) {
      if (!UUID.test(accountId)) return undefined;
      const { rows } = await pool.query<RestrictionRow>(
        `select * from rg_restrictions
         where account_id = $1 and starts_at <= now() and (ends_at is null or ends_at > now())
         order by ends_at desc nulls first, id desc limit 1`,
        [accountId],
      );
      return rows[0] && toRestriction(rows[0]);
    },

    async restrict(accountId, r, by) {
      requireId(accountId);
      return withTransaction(pool, async (client) => {
        const bumped = await client.query(
          'update accounts set session_version = session_version + 1, updated_at = now() where id = $1',
          [accountId],
        );
        if (!bumped.rowCount) throw new NotFoundError('account');
        const { rows } = await client.query<RestrictionRow>(
          `insert into rg_restrictions (account_id, kind, period, ends_at, actor, surface, reason)
           values ($1, $2, $3, $4, $5, $6, $7) returning *`,
          [accountId, r.kind, r.period, r.endsAt, by.actor, by.surface, by.reason ?? null],
        );
        return toRestriction(rows[0]!);
      });
    },

    async restrictions(accountId) {
      if (!UUID.test(accountId)) return [];
      const { rows } = await pool.query<RestrictionRow>(
        'select * from rg_restrictions where account_id = $1 order by starts_at desc, id desc',
        [accountId],
      );
      return rows.map(toRestriction);
    },

    async limitHistory(accountId) {
      if (!UUID.test(accountId)) return [];
      const { rows } = await pool.query<ChangeRow>(
        'select * from rg_limit_changes where account_id = $1 order by requested_at desc, id desc',
        [accountId],
      );
      return rows.map(toChange);
    },

    async recordLogin(accountId) {
      requireId(accountId);
      const { rows } = await pool.query<{ previous_login_at: Date | null }>(
        `update accounts set previous_login_at = last_login_at, last_login_at = now() where id = $1
         returning previous_login_at`,
        [accountId],
      );
      return rows[0]?.previous_login_at ?? null;
    },

    async previousLogin(accountId) {
      if (!UUID.test(accountId)) return null;
      const { rows } = await pool.query<{ previous_login_at: Date | null }>(
        'select previous_login_at from accounts where id = $1',
        [accountId],
      );
      return rows[0]?.previous_login_at ?? null;
    },

    async lastRegisterAnswer(accountId) {
      if (!UUID.test(accountId)) return undefined;
      const { rows } = await pool.query<{ excluded: boolean; checked_at: Date }>(
        'select excluded, checked_at from rg_register_checks where account_id = $1',
        [accountId],
      );
      return rows[0] && { excluded: rows[0].excluded, checkedAt: rows[0].checked_at };
    },

    async saveRegisterAnswer(accountId, excluded) {
      requireId(accountId);
      await pool.query(
        `insert into rg_register_checks (account_id, excluded, checked_at) values ($1, $2, now())
         on conflict (account_id) do update set excluded = excluded.excluded, checked_at = excluded.checked_at`,
        [accountId, excluded],
      );
    },
  };
}
