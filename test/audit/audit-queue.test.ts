import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresAuditStore } from '../../adapters/postgres/audit-store.ts';
import { verifyAuditChain } from '../../adapters/postgres/audit-verify.ts';
import { createRedisAuditQueue } from '../../adapters/redis/audit-stream.ts';
import { toEntry } from '../../server/audit/audit-entry.ts';
import { startAuditWriter } from '../../server/audit/audit-writer.ts';
import { testDatabase } from '../helpers/database.ts';
import { testRedis } from '../helpers/redis.ts';

const count = async (db: { pool: { query: (q: string) => Promise<{ rows: { n: number }[] }> } }) =>
  (await db.pool.query('select count(*)::int as n from audit_log')).rows[0]!.n;

describe('audit queue on a Redis stream', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  beforeAll(async () => {
    db = await testDatabase();
    redis = await testRedis();
  });
  afterAll(async () => {
    await redis?.close();
    await db?.close();
  });

  it('a writer that dies after commit, before ack, leaves entries that another writer reclaims without duplicates', async () => {
    const store = createPostgresAuditStore(db.pool);
    const dying = createRedisAuditQueue(redis.redis, {
      prefix: redis.prefix,
      consumer: 'dying',
      claimIdleMs: 50,
    });
    const entries = Array.from({ length: 5 }, (_, i) =>
      toEntry({ type: 'login', outcome: 'success', detail: { i } }),
    );
    for (const e of entries) await dying.push(e);
    // The stream key carries a TTL like every other key.
    expect(await redis.redis.pttl(dying.key)).toBeGreaterThan(0);
    const batch = await dying.take(100);
    expect(batch.entries.map((e) => e.eventId)).toEqual(entries.map((e) => e.eventId));
    await store.append(batch.entries); // committed ... and the process dies before batch.ack()

    await new Promise((r) => setTimeout(r, 100));
    const survivor = createRedisAuditQueue(redis.redis, {
      prefix: redis.prefix,
      consumer: 'survivor',
      claimIdleMs: 50,
    });
    const writer = startAuditWriter({ queues: [survivor], store, pollMs: 20 });
    try {
      await expect.poll(() => survivor.backlog(), { timeout: 10_000 }).toBe(0);
    } finally {
      await writer.stop();
    }
    expect(await count(db)).toBe(5);
    const pending = (await redis.redis.xpending(dying.key, 'audit-writer')) as [number];
    expect(pending[0]).toBe(0);
    expect(await verifyAuditChain(db.pool)).toMatchObject({ ok: true, rows: 5 });
  });

  it('instances share the stream through the consumer group: each entry is written once', async () => {
    const before = await count(db);
    const store = createPostgresAuditStore(db.pool);
    const queues = ['a', 'b', 'c'].map((c) =>
      createRedisAuditQueue(redis.redis, { prefix: redis.prefix, consumer: c }),
    );
    const writers = queues.map((q) => startAuditWriter({ queues: [q], store, pollMs: 10 }));
    try {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          queues[i % 3]!.push(toEntry({ type: 'token.issued', outcome: 'success', detail: { i } })),
        ),
      );
      await expect.poll(() => count(db), { timeout: 15_000 }).toBe(before + 60);
    } finally {
      await Promise.all(writers.map((w) => w.stop()));
    }
    expect(await verifyAuditChain(db.pool)).toMatchObject({ ok: true, rows: before + 60 });
  });
});
