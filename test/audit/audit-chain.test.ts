import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditReader } from '../../adapters/postgres/audit-reader.ts';
import { createPostgresAuditStore } from '../../adapters/postgres/audit-store.ts';
import { verifyAuditChain } from '../../adapters/postgres/audit-verify.ts';
import { toEntry } from '../../server/audit/audit-entry.ts';
import { runCli } from '../helpers/cli.ts';
import { testDatabase } from '../helpers/database.ts';

const cli = (url: string, ...args: string[]) => runCli(args, { DATABASE_URL: url });

const event = (i: number, accountId = 'acct-1') =>
  toEntry({
    type: i % 2 ? 'login' : 'token.issued',
    outcome: 'success',
    accountId,
    detail: { n: i, b: { z: 1, a: [2] } },
  });

describe('audit_log: hash chain, append-only, idempotent', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db?.close());

  it('chains rows, skips event ids it already holds, and keeps one chain under concurrent writers', async () => {
    const store = createPostgresAuditStore(db.pool);
    const batch = [event(1), event(2), event(3)];
    expect(await store.append(batch)).toEqual({ inserted: 3 });
    // The same events again (a writer that crashed between commit and ack): nothing new.
    expect(await store.append([...batch, event(4)])).toEqual({ inserted: 1 });
    // Two writers (two instances) at once: the advisory lock keeps them on one chain.
    const other = createPostgresAuditStore(db.pool);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? store : other).append([event(10 + i * 2), event(11 + i * 2)]),
      ),
    );
    const { rows } = await db.pool.query(
      'select count(*)::int as n, count(distinct event_id)::int as d from audit_log',
    );
    expect(rows[0]).toEqual({ n: 20, d: 20 });
    expect(await verifyAuditChain(db.pool)).toEqual({ ok: true, rows: 20, unchained: 0 });
    const verified = await cli(db.url, 'audit', 'verify');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, rows: 20 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(db.pool.query(`update audit_log set outcome = 'success'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(db.pool.query('truncate audit_log')).rejects.toThrow(/append-only/);
  });

  it('lists by account, type and time with pagination, newest first', async () => {
    const reader = createAuditReader(db.pool);
    const store = createPostgresAuditStore(db.pool);
    await store.append([event(101, 'acct-2'), event(102, 'acct-2'), event(103, 'acct-2')]);
    const all = await reader.list({ accountId: 'acct-2', limit: 10 });
    expect(all.map((r) => r.detail.n)).toEqual([103, 102, 101]);
    expect((await reader.list({ accountId: 'acct-2', limit: 2, offset: 2 })).map((r) => r.detail.n)).toEqual([
      101,
    ]);
    expect(
      (await reader.list({ accountId: 'acct-2', type: 'login', limit: 10 })).map((r) => r.detail.n),
    ).toEqual([103, 101]);
    expect(await reader.list({ since: new Date(Date.now() + 60_000), limit: 10 })).toEqual([]);
  });

  it('pitboss audit verify names the first tampered row and exits non-zero', async () => {
    // Only the table owner can switch the guard off; the app role in production should not own the table.
    const { rows } = await db.pool.query<{ id: string }>(
      `select id::text as id from audit_log order by audit_log.id offset 5 limit 1`,
    );
    const target = rows[0]!.id;
    await db.pool.query('alter table audit_log disable trigger audit_log_no_update_delete');
    await db.pool.query(`update audit_log set account_id = 'someone-else' where id = $1`, [target]);
    await db.pool.query('alter table audit_log enable trigger audit_log_no_update_delete');
    expect(await verifyAuditChain(db.pool)).toMatchObject({
      ok: false,
      brokenId: target,
      reason: 'hash',
      rows: 5,
    });
    const run = await cli(db.url, 'audit', 'verify');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`audit chain broken at row ${target}`);
  });
});
