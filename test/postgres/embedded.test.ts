import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/database.ts';
import { migrate } from '../../adapters/postgres/migrate.ts';

describe('embedded database (PGlite shared over a unix socket)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves a second opener through the first one’s socket, then reopens after both close', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.embedded).toBe(true);
    expect(existsSync(join(dataDir, '.s.PGSQL.5432'))).toBe(true);
    expect((await migrate(first.pool)).length).toBeGreaterThan(0);
    await first.pool.query(`insert into clients (client_id, metadata) values ('from-first', '{}')`);

    // The CLI-while-server-runs path: PGlite is already open in this process, so this must use the socket.
    const second = await openDatabase({ dataDir });
    expect(second.embedded).toBe(true);
    expect(await migrate(second.pool)).toEqual([]);
    const seen = await second.pool.query(`select client_id from clients where client_id = 'from-first'`);
    expect(seen.rowCount).toBe(1);
    await second.pool.query(`insert into clients (client_id, metadata) values ('from-second', '{}')`);
    expect((await first.pool.query(`select 1 from clients where client_id = 'from-second'`)).rowCount).toBe(
      1,
    );

    await second.close();
    await first.close();
    expect(existsSync(join(dataDir, '.s.PGSQL.5432'))).toBe(false);

    const reopened = await openDatabase({ dataDir });
    const { rows } = await reopened.pool.query('select client_id from clients order by client_id');
    expect(rows.map((r) => r.client_id)).toEqual(['from-first', 'from-second']);
    await reopened.close();
  });

  it('keeps concurrent statements and transactions of many connections apart', async () => {
    const db = await openDatabase({ dataDir, max: 8 });
    const other = await openDatabase({ dataDir, max: 4 });
    try {
      await db.pool.query('create table if not exists counter (id int primary key, n int not null)');
      await db.pool.query('insert into counter values (1, 0) on conflict (id) do update set n = 0');
      const increment = async (pool: typeof db.pool) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const { rows } = await client.query('select n from counter where id = $1', [1]);
          await client.query('update counter set n = $1 where id = $2', [rows[0].n + 1, 1]);
          await client.query('commit');
        } finally {
          client.release();
        }
      };
      // Different parameter counts per statement: interleaved Parse/Bind messages would fail loudly.
      const echo = async (pool: typeof db.pool, i: number) => {
        const { rows } = await pool.query('select $1::int as a, $2::text as b', [i, `s${i}`]);
        expect(rows[0]).toEqual({ a: i, b: `s${i}` });
      };
      await Promise.all(
        Array.from({ length: 60 }, (_, i) => {
          const pool = i % 2 ? db.pool : other.pool;
          return i % 3 ? echo(pool, i) : increment(pool);
        }),
      );
      expect((await db.pool.query('select n from counter')).rows[0].n).toBe(20);
    } finally {
      await other.close();
      await db.close();
    }
  });

  it('takes over a stale socket file left by a crashed process', async () => {
    const db = await openDatabase({ dataDir });
    const socket = join(dataDir, '.s.PGSQL.5432');
    await db.close();
    // Simulate the crash leftovers: a socket path nobody listens on and a lock naming a dead pid.
    writeFileSync(socket, '');
    writeFileSync(join(dataDir, 'owner.pid'), '999999');
    const reopened = await openDatabase({ dataDir });
    expect((await reopened.pool.query('select 1 as ok')).rows[0].ok).toBe(1);
    await reopened.close();
  });
});
