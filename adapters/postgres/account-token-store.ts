import type pg from 'pg';
import type { AccountTokenStore, TokenGrant } from '../../server/accounts/account-tokens.ts';

interface Row {
  account_id: string;
  continue_url: string | null;
}

const toGrant = (r: Row | undefined): TokenGrant | undefined =>
  r && { accountId: r.account_id, continueUrl: r.continue_url };

/** AccountTokenStore on account_tokens. */
export function createAccountTokenStore(pool: pg.Pool): AccountTokenStore {
  return {
    async issue({ accountId, purpose, tokenHash, expiresAt, continueUrl }) {
      await pool.query(
        `insert into account_tokens (token_hash, account_id, purpose, expires_at, continue_url)
         values ($1, $2, $3, $4, $5)`,
        [tokenHash, accountId, purpose, expiresAt, continueUrl ?? null],
      );
    },
    async consume(purpose, tokenHash) {
      // One UPDATE: two clicks racing on the same link cannot both succeed.
      const { rows } = await pool.query<Row>(
        `update account_tokens set used_at = now()
          where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
          returning account_id, continue_url`,
        [tokenHash, purpose],
      );
      return toGrant(rows[0]);
    },
    async peek(purpose, tokenHash) {
      const { rows } = await pool.query<Row>(
        `select account_id, continue_url from account_tokens
          where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()`,
        [tokenHash, purpose],
      );
      return toGrant(rows[0]);
    },
    async revokeAll(accountId, purpose) {
      await pool.query(
        `update account_tokens set used_at = now() where account_id = $1 and purpose = $2 and used_at is null`,
        [accountId, purpose],
      );
    },
  };
}
