import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCursorAuditExport, createKeysetAuditExport } from '../../adapters/postgres/audit-export.ts';
import { adminFixture } from './admin-fixture.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

const ROWS = 100_000;

/** A full garbage collection, so heap samples show what is retained rather than what awaits collection. */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const retainedHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

/** Appends `n` audit rows for one account straight into the table (the trail allows inserts only). */
async function seed(f: Fixture, accountId: string, n: number) {
  await f.app.pitboss.database.pool.query(
    `insert into audit_log (event_id, at, type, outcome, account_id, client_id, ip, user_agent, detail)
     select 'seed-' || $1 || '-' || i, now() - make_interval(secs => $2 - i), 'login',
            case when i % 10 = 0 then 'failure' else 'success' end, $1,
            case when i % 2 = 0 then 'studio-even' else 'studio-odd' end, '198.51.100.' || (i % 200),
            'Mozilla/5.0 (seeded; export test) ' || i,
            jsonb_build_object('n', i, 'note', repeat('x', 200))
       from generate_series(1, $2) as i`,
    [accountId, n],
  );
}

describe('audit export (NDJSON)', () => {
  let f: Fixture;
  let service: string;
  const account = randomUUID();
  beforeAll(async () => {
    f = await adminFixture();
    service = await f.serviceToken();
    await seed(f, account, ROWS);
  }, 120_000);
  afterAll(async () => {
    await f?.close();
  });

  it(`streams ${ROWS} rows oldest first with flat memory`, async () => {
    const baseline = retainedHeap();
    const res = await f.api(service, `/audit?format=ndjson&account=${account}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('content-length')).toBeNull(); // streamed, not buffered
    let peak = retainedHeap();
    let sampledAt = 0;
    let bytes = 0;
    let lines = 0;
    let last = 0;
    let tail = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      const text = tail + decoder.decode(chunk, { stream: true });
      const parts = text.split('\n');
      tail = parts.pop()!;
      for (const line of parts) {
        const row = JSON.parse(line);
        expect(row.accountId).toBe(account);
        expect(row.detail.n).toBe(last + 1); // oldest first, nothing skipped or repeated
        last = row.detail.n;
        lines += 1;
      }
      if (lines - sampledAt >= 5000) {
        sampledAt = lines;
        peak = Math.max(peak, retainedHeap());
      }
    }
    expect(tail).toBe('');
    expect(lines).toBe(ROWS);
    const growthMb = (peak - baseline) / 2 ** 20;
    const bodyMb = bytes / 2 ** 20;
    console.info(
      `audit export: ${lines} rows, ${bodyMb.toFixed(1)} MiB streamed, retained heap peak +${growthMb.toFixed(1)} MiB (sampled after a full GC every 5000 rows)`,
    );
    // The server and this reader share the heap: buffering the range would retain every row (more than
    // the body's size as objects) at once; streamed, about one batch and the socket buffers are retained.
    expect(growthMb).toBeLessThan(bodyMb / 4);
  }, 180_000);

  it('filters the export by type, client, ip, since and until', async () => {
    const q = (extra: string) => f.api(service, `/audit?format=ndjson&account=${account}&${extra}`);
    const count = async (extra: string) => {
      const text = await (await q(extra)).text();
      return text ? text.trimEnd().split('\n').length : 0;
    };
    expect(await count('ip=198.51.100.7')).toBe(ROWS / 200);
    expect(await count('client=studio-even&ip=198.51.100.8')).toBe(ROWS / 200);
    expect(await count('client=studio-odd&ip=198.51.100.8')).toBe(0);
    expect(await count('type=session.ended')).toBe(0);
    expect(await count('until=2000-01-01T00:00:00Z')).toBe(0);
    // Seeded one a second up to now: the last 50,000 s hold about half of them.
    const since = new Date(Date.now() - 50_000_000).toISOString();
    const recent = await count(`since=${since}`);
    expect(recent).toBeGreaterThan(49_000);
    expect(recent).toBeLessThanOrEqual(50_001);
    expect((await f.api(service, '/audit?format=ndjson&since=later')).status).toBe(400);
  }, 120_000);

  it('the keyset export (embedded PGlite) yields exactly the cursor export across batch boundaries', async () => {
    const { pool } = f.app.pitboss.database;
    const filter = { accountId: account, ip: '198.51.100.3' };
    const ids = async (rows: AsyncGenerator<{ id: string }>) => {
      const out: string[] = [];
      for await (const row of rows) out.push(row.id);
      return out;
    };
    const cursor = await ids(createCursorAuditExport(pool).rows(filter));
    const keyset = await ids(createKeysetAuditExport(pool).rows(filter));
    expect(cursor).toHaveLength(ROWS / 200);
    expect(keyset).toEqual(cursor);
    const wide = { accountId: account, clientId: 'studio-even' };
    expect(await ids(createKeysetAuditExport(pool).rows(wide))).toHaveLength(ROWS / 2);
  }, 120_000);

  it('a client that hangs up mid-export releases the connection', async () => {
    const { pool } = f.app.pitboss.database;
    const controller = new AbortController();
    const res = await fetch(`${f.app.url}/admin/api/audit?format=ndjson&account=${account}`, {
      headers: { authorization: `Bearer ${service}` },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect.poll(() => pool.totalCount - pool.idleCount, { timeout: 20_000 }).toBe(0);
    expect((await f.api(service, '/stats')).status).toBe(200);
  }, 60_000);
});
