import type pg from 'pg';
import { z } from 'zod';
import type { Account, AccountStatus, AccountStore } from '../../server/accounts/account-store.ts';
import {
  emailSchema,
  hashPassword,
  needsRehash,
  passwordSchema,
  verifyPassword,
} from '../../server/accounts/password-policy.ts';
import { ConflictError, NotFoundError } from '../../server/errors.ts';
import { isUniqueViolation, parseInput } from '../../server/parse-input.ts';
import { isLocale, LOCALES, type Locale } from '../../views/i18n/catalogs.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS =
  "id, email, roles, status, session_version, created_at, email_verified, to_char(date_of_birth, 'YYYY-MM-DD') as date_of_birth, locale";

const newAccountSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  roles: z
    .array(z.string().regex(/^[a-z][a-z0-9_:-]{0,63}$/, 'must be lowercase letters, digits, _ : -'))
    .default([])
    .transform((roles) => [...new Set(roles)]),
  emailVerified: z.boolean().default(true),
  dateOfBirth: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  locale: z.enum(LOCALES).optional(),
});
const statusSchema = z.enum(['active', 'disabled', 'self_excluded']);

interface AccountRow {
  id: string;
  email: string;
  roles: string[];
  status: AccountStatus;
  session_version: number;
  created_at: Date;
  email_verified: boolean;
  date_of_birth: string | null;
  locale: Locale | null;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  email: row.email,
  roles: row.roles,
  status: row.status,
  sessionVersion: row.session_version,
  createdAt: row.created_at,
  emailVerified: row.email_verified,
  dateOfBirth: row.date_of_birth,
  locale: row.locale,
});

/** AccountStore on Postgres with argon2id password hashes. */
export function createAccountStore(pool: pg.Pool): AccountStore {
  // Every change that must end sessions bumps session_version (a trigger moves session_not_before with it).
  const bump = async (id: string, set?: string, value?: unknown) => {
    if (!UUID.test(id)) throw new NotFoundError('account');
    const { rows } = await pool.query<AccountRow>(
      `update accounts set ${set ? `${set}, ` : ''}session_version = session_version + 1, updated_at = now()
       where id = $1 returning ${COLUMNS}`,
      set ? [id, value] : [id],
    );
    if (!rows[0]) throw new NotFoundError('account');
    return toAccount(rows[0]);
  };

  const findOne = async (where: string, value: string) => {
    const { rows } = await pool.query<AccountRow>(`select ${COLUMNS} from accounts where ${where}`, [value]);
    return rows[0] ? toAccount(rows[0]) : undefined;
  };

  const checkPassword: AccountStore['checkPassword'] = async (address, password) => {
    const { rows } = await pool.query<AccountRow & { password_hash: string }>(
      `select ${COLUMNS}, password_hash from accounts where lower(email) = $1`,
      [address.trim().toLowerCase()],
    );
    const row = rows[0];
    // One verification on every path (a dummy hash for a miss): a miss costs what a wrong password costs.
    const ok = await verifyPassword(row?.password_hash, password);
    if (!row) return { result: 'unknown' };
    if (!ok) return { result: 'wrong', account: toAccount(row) };
    if (needsRehash(row.password_hash)) {
      // Parameters were raised since this hash was made; upgrade it while we hold the plaintext.
      const hash = await hashPassword(password);
      await pool.query('update accounts set password_hash = $2 where id = $1', [row.id, hash]);
    }
    return { result: 'ok', account: toAccount(row) };
  };

  return {
    checkPassword,

    async create(input) {
      const data = parseInput(newAccountSchema, input);
      const hash = await hashPassword(data.password);
      try {
        const { rows } = await pool.query<AccountRow>(
          `insert into accounts (email, password_hash, roles, email_verified, date_of_birth, locale)
           values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
          [data.email, hash, data.roles, data.emailVerified, data.dateOfBirth ?? null, data.locale ?? null],
        );
        return toAccount(rows[0]!);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('email: already registered');
        throw error;
      }
    },

    findById: async (id) => (UUID.test(id) ? findOne('id = $1', id) : undefined),

    findByEmail: (address) => findOne('lower(email) = $1', address.trim().toLowerCase()),

    async authenticate(address, password) {
      const check = await checkPassword(address, password);
      return check.result === 'ok' && check.account.status === 'active' ? check.account : undefined;
    },

    async setStatus(id, status) {
      const next = parseInput(z.object({ status: statusSchema }), { status }).status;
      return bump(id, 'status = $2', next);
    },

    async setPassword(id, password) {
      const next = parseInput(z.object({ password: passwordSchema }), { password }).password;
      return bump(id, 'password_hash = $2', await hashPassword(next));
    },

    async setRoles(id, roles) {
      const next = parseInput(newAccountSchema.pick({ roles: true }), { roles }).roles;
      return bump(id, 'roles = $2', next);
    },

    bumpVersion: (id) => bump(id),

    async markEmailVerified(id) {
      if (!UUID.test(id)) throw new NotFoundError('account');
      await pool.query('update accounts set email_verified = true, updated_at = now() where id = $1', [id]);
    },

    async setLocale(id, locale) {
      if (!UUID.test(id) || !isLocale(locale)) return;
      await pool.query('update accounts set locale = $2 where id = $1 and locale is distinct from $2', [
        id,
        locale,
      ]);
    },
  };
}
