import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type pg from 'pg';
import { z } from 'zod';
import type { Account, AccountStatus, AccountStore } from '../../server/accounts/account-store.ts';
import { ConflictError, NotFoundError } from '../../server/errors.ts';
import { isUniqueViolation, parseInput } from './parse-input.ts';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = 'id, email, roles, status, session_version, created_at';

const email = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email('must be a valid email address').max(254, 'must be at most 254 characters'));
const newAccountSchema = z.object({
  email,
  // The upper bound keeps one login attempt from costing arbitrary hashing work.
  password: z.string().min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters'),
  roles: z
    .array(z.string().regex(/^[a-z][a-z0-9_:-]{0,63}$/, 'must be lowercase letters, digits, _ : -'))
    .default([])
    .transform((roles) => [...new Set(roles)]),
});
const statusSchema = z.enum(['active', 'disabled', 'self_excluded']);

interface AccountRow {
  id: string;
  email: string;
  roles: string[];
  status: AccountStatus;
  session_version: number;
  created_at: Date;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  email: row.email,
  roles: row.roles,
  status: row.status,
  sessionVersion: row.session_version,
  createdAt: row.created_at,
});

/** AccountStore on Postgres with argon2id password hashes. */
export function createAccountStore(pool: pg.Pool): AccountStore {
  let dummyHash: Promise<string> | undefined;
  // Verified against when the email is unknown, so a miss costs the same as a wrong password.
  const dummy = () => (dummyHash ??= argon2.hash(randomBytes(32).toString('base64url'), HASH_OPTIONS));

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
    const candidate = password.slice(0, 1024);
    // One verification on every path: a miss costs what a wrong password costs.
    const ok =
      (await argon2.verify(row?.password_hash ?? (await dummy()), candidate)) && password.length <= 1024;
    if (!row) return { result: 'unknown' };
    if (!ok) return { result: 'wrong', account: toAccount(row) };
    if (argon2.needsRehash(row.password_hash, HASH_OPTIONS)) {
      // Parameters were raised since this hash was made; upgrade it while we hold the plaintext.
      const hash = await argon2.hash(password, HASH_OPTIONS);
      await pool.query('update accounts set password_hash = $2 where id = $1', [row.id, hash]);
    }
    return { result: 'ok', account: toAccount(row) };
  };

  return {
    checkPassword,

    async create(input) {
      const data = parseInput(newAccountSchema, input);
      const hash = await argon2.hash(data.password, HASH_OPTIONS);
      try {
        const { rows } = await pool.query<AccountRow>(
          `insert into accounts (email, password_hash, roles) values ($1, $2, $3) returning ${COLUMNS}`,
          [data.email, hash, data.roles],
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
      if (!UUID.test(id)) throw new NotFoundError('account');
      const { rows } = await pool.query<AccountRow>(
        `update accounts set status = $2, session_version = session_version + 1, updated_at = now()
         where id = $1 returning ${COLUMNS}`,
        [id, next],
      );
      if (!rows[0]) throw new NotFoundError('account');
      return toAccount(rows[0]);
    },

    async setPassword(id, password) {
      const next = parseInput(newAccountSchema.pick({ password: true }), { password }).password;
      if (!UUID.test(id)) throw new NotFoundError('account');
      const hash = await argon2.hash(next, HASH_OPTIONS);
      const { rows } = await pool.query<AccountRow>(
        `update accounts set password_hash = $2, session_version = session_version + 1, updated_at = now()
         where id = $1 returning ${COLUMNS}`,
        [id, hash],
      );
      if (!rows[0]) throw new NotFoundError('account');
      return toAccount(rows[0]);
    },
  };
}
