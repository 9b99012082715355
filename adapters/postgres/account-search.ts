import type pg from 'pg';
import type { AccountSearch, AccountSummary } from '../../server/admin/ports.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  id: string;
  email: string;
  roles: string[];
  status: string;
  created_at: Date;
  total: string;
}

/** LIKE metacharacters typed by an operator match themselves. */
const literalPrefix = (q: string) => `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Operator search over accounts: an account id (which is also the OIDC `sub`) matches exactly, anything
 * else is an email prefix (case-insensitive, served by the accounts_email_prefix index).
 */
export function createAccountSearch(pool: pg.Pool): AccountSearch {
  return {
    async search(q, page) {
      const byId = UUID.test(q);
      const { rows } = await pool.query<Row>(
        `select id, email, roles, status, created_at, count(*) over () as total
           from accounts
          where ${byId ? 'id = $1::uuid' : 'lower(email) like $1'}
          order by lower(email), id
          limit $2 offset $3`,
        [byId ? q : literalPrefix(q), page.limit, page.offset],
      );
      let total = Number(rows[0]?.total ?? 0);
      if (rows.length === 0 && page.offset > 0) {
        // Past the last page: count so the caller still learns how many there are.
        const counted = await pool.query<{ n: string }>(
          `select count(*) as n from accounts where ${byId ? 'id = $1::uuid' : 'lower(email) like $1'}`,
          [byId ? q : literalPrefix(q)],
        );
        total = Number(counted.rows[0]?.n ?? 0);
      }
      const items: AccountSummary[] = rows.map((r) => ({
        id: r.id,
        email: r.email,
        roles: r.roles,
        status: r.status,
        createdAt: r.created_at.toISOString(),
      }));
      return { items, total, ...page };
    },
  };
}
