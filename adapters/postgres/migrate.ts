import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { withTransaction } from './transaction.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.sql$/;
// First half of the advisory lock key; the second is the schema, so test schemas do not wait on each other.
const LOCK_CLASS = 0x50b055;

const CREATE_TABLE = `create table if not exists schema_migrations (
  name text primary key,
  applied_at timestamptz not null default now()
)`;

/**
 * Applies every migration in migrations/ not yet recorded in schema_migrations, in name order, each in its own
 * transaction under a transaction-scoped advisory lock, so instances starting together apply each file once.
 * Transaction-scoped because embedded PGlite shares one session between connections, where a session lock
 * would not exclude anyone. Returns the names applied by this call.
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
  const done = await locked(pool, async (client) => {
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ name: string }>('select name from schema_migrations');
    return new Set(rows.map((r) => r.name));
  });
  const applied: string[] = [];
  for (const file of files) {
    const name = file.replace(/\.sql$/, '');
    if (done.has(name)) continue;
    const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
    const ran = await locked(pool, async (client) => {
      // Re-checked under the lock: another instance may have applied it since we looked.
      const seen = await client.query('select 1 from schema_migrations where name = $1', [name]);
      if (seen.rowCount) return false;
      await client.query(sql);
      await client.query('insert into schema_migrations (name) values ($1)', [name]);
      return true;
    });
    if (ran) applied.push(name);
  }
  return applied;
}

function locked<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_CLASS]);
    return work(client);
  });
}
