import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../adapters/postgres/database.ts';
import { migrate } from '../../adapters/postgres/migrate.ts';

/** The Postgres the integration suites share (scripts/test.sh creates the database). */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pitboss_test';

/** A fresh schema name, unique across parallel test workers. */
export function uniqueSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** A migrated database in its own schema of the test Postgres; close() drops the schema. */
export async function testDatabase(): Promise<Database & { schema: string; url: string }> {
  await assertReachable();
  const schema = uniqueSchema();
  const db = await openDatabase({ url: TEST_DATABASE_URL, dataDir: '', schema });
  await migrate(db.pool);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    ...db,
    schema,
    url: url.toString(),
    async close() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

async function assertReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `test Postgres unreachable at ${TEST_DATABASE_URL} (${(error as Error).message}); ` +
        'run scripts/test.sh or set TEST_DATABASE_URL',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
