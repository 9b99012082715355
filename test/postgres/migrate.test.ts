import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../adapters/postgres/database.ts';
import { migrate } from '../../adapters/postgres/migrate.ts';
import { dropSchema, TEST_DATABASE_URL, testDatabase, uniqueSchema } from '../helpers/database.ts';

const names = readdirSync(new URL('../../migrations/', import.meta.url))
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''))
  .sort();

describe('migrate', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const freshSchema = async (): Promise<Database & { schema: string }> => {
    const schema = uniqueSchema();
    const db = await openDatabase({ url: TEST_DATABASE_URL, dataDir: '', schema, max: 10 });
    cleanups.push(async () => {
      await db.close();
      await dropSchema(schema);
    });
    return { ...db, schema };
  };

  it('applies every migration once, in order, and is idempotent', async () => {
    const db = await freshSchema();
    expect(await migrate(db.pool)).toEqual(names);
    expect(await migrate(db.pool)).toEqual([]);
    const { rows } = await db.pool.query('select name from schema_migrations order by name');
    expect(rows.map((r) => r.name)).toEqual(names);
  });

  it('lets concurrent instances migrate one schema without failing or applying twice', async () => {
    const db = await freshSchema();
    const other = await openDatabase({ url: TEST_DATABASE_URL, dataDir: '', schema: db.schema });
    cleanups.push(() => other.close());
    const results = await Promise.all([
      migrate(db.pool),
      migrate(other.pool),
      migrate(db.pool),
      migrate(other.pool),
    ]);
    expect(results.flat().sort()).toEqual(names);
  });

  it('keeps test schemas apart', async () => {
    const a = await testDatabase();
    cleanups.push(() => a.close());
    const b = await testDatabase();
    cleanups.push(() => b.close());
    await a.pool.query(`insert into clients (client_id, metadata) values ('only-in-a', '{}')`);
    const { rowCount } = await b.pool.query(`select 1 from clients where client_id = 'only-in-a'`);
    expect(rowCount).toBe(0);
  });
});
