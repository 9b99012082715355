import type pg from 'pg';
import type { MfaRecord, MfaStore } from '../../server/mfa/mfa-store.ts';
import { withTransaction } from './transaction.ts';

interface MfaRow {
  totp_secret: string | null;
  totp_enrolled_at: Date | null;
  mfa_required: boolean;
  codes: string;
  passkeys: string;
}

const UPSERT = `insert into account_mfa (account_id) values ($1) on conflict (account_id) do nothing`;

/** MfaStore on Postgres: one account_mfa row per account, recovery codes as hashes in their own table. */
export function createMfaStore(pool: pg.Pool): MfaStore {
  const replaceCodes = async (db: pg.PoolClient, accountId: string, hashes: readonly string[]) => {
    await db.query('delete from mfa_recovery_codes where account_id = $1', [accountId]);
    if (hashes.length) {
      await db.query('insert into mfa_recovery_codes (account_id, code_hash) select $1, unnest($2::text[])', [
        accountId,
        hashes,
      ]);
    }
  };

  return {
    async find(accountId) {
      const { rows } = await pool.query<MfaRow>(
        `select m.totp_secret, m.totp_enrolled_at, m.mfa_required,
                (select count(*) from mfa_recovery_codes c where c.account_id = $1) as codes,
                (select count(*) from passkeys p where p.account_id = $1) as passkeys
         from (select $1::uuid as account_id) a left join account_mfa m using (account_id)`,
        [accountId],
      );
      const row = rows[0];
      const record: MfaRecord = {
        accountId,
        totpSecret: row?.totp_secret ?? undefined,
        enrolledAt: row?.totp_enrolled_at ?? undefined,
        mfaRequired: row?.mfa_required ?? false,
        recoveryCodesLeft: Number(row?.codes ?? 0),
        passkeys: Number(row?.passkeys ?? 0),
      };
      return record;
    },

    enrol: (accountId, encryptedSecret, hashes) =>
      withTransaction(pool, async (db) => {
        await db.query(UPSERT, [accountId]);
        const { rowCount } = await db.query(
          `update account_mfa set totp_secret = $2, pending_totp_secret = null, totp_enrolled_at = now(),
             updated_at = now()
           where account_id = $1 and totp_secret is null`,
          [accountId, encryptedSecret],
        );
        if (!rowCount) return false;
        await replaceCodes(db, accountId, hashes);
        return true;
      }),

    setSecret: (accountId, encryptedSecret) =>
      withTransaction(pool, async (db) => {
        await db.query(UPSERT, [accountId]);
        await db.query(
          `update account_mfa set totp_secret = $2, pending_totp_secret = null, totp_enrolled_at = now(),
             updated_at = now() where account_id = $1`,
          [accountId, encryptedSecret],
        );
        await replaceCodes(db, accountId, []);
      }),

    removeTotp: (accountId) =>
      withTransaction(pool, async (db) => {
        await db.query(
          `update account_mfa set totp_secret = null, pending_totp_secret = null, totp_enrolled_at = null,
             updated_at = now() where account_id = $1`,
          [accountId],
        );
        await replaceCodes(db, accountId, []);
      }),

    replaceRecoveryCodes: (accountId, hashes) =>
      withTransaction(pool, (db) => replaceCodes(db, accountId, hashes)),

    async consumeRecoveryCode(accountId, codeHash) {
      const { rowCount } = await pool.query(
        'delete from mfa_recovery_codes where account_id = $1 and code_hash = $2',
        [accountId, codeHash],
      );
      return (rowCount ?? 0) > 0;
    },

    async setMfaRequired(accountId, required) {
      await pool.query(
        `insert into account_mfa (account_id, mfa_required) values ($1, $2)
         on conflict (account_id) do update set mfa_required = $2, updated_at = now()`,
        [accountId, required],
      );
    },
  };
}
