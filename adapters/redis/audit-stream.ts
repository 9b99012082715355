import { hostname } from 'node:os';
import type { Cluster, Redis } from 'ioredis';
import type { AuditEntry } from '../../server/audit/audit-entry.ts';
import type { AuditBatch, AuditQueue } from '../../server/audit/audit-queue.ts';

/** One key (hash tag `{audit}`), so every command here is single-slot on Redis Cluster. */
export const auditStreamKey = (prefix: string) => `${prefix}{audit}:queue`;
const GROUP = 'audit-writer';
/** Refreshed on every append: a stream idle this long has long been written to Postgres. */
const STREAM_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface RedisAuditQueueOptions {
  prefix: string;
  /** Cap on entries kept (MAXLEN ~): only a backlog this deep (Postgres down for long) loses the oldest. */
  maxLen?: number;
  /** Pending entries idle this long belong to a dead writer and are claimed by a live one. */
  claimIdleMs?: number;
  consumer?: string;
}

type Fields = string[];
type StreamEntry = [id: string, fields: Fields | null];

/**
 * The audit queue on a Redis stream read through a consumer group: every instance runs a writer, the group
 * shares the entries between them, an entry leaves the stream (XACK + XDEL) only after its Postgres commit,
 * and entries pending on a dead writer are reclaimed with XAUTOCLAIM.
 */
export function createRedisAuditQueue(redis: Redis | Cluster, options: RedisAuditQueueOptions) {
  const key = auditStreamKey(options.prefix);
  const maxLen = options.maxLen ?? 200_000;
  const claimIdleMs = options.claimIdleMs ?? 60_000;
  const consumer =
    options.consumer ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let groupReady = false;
  let lastClaim = 0;

  async function ensureGroup(): Promise<void> {
    if (groupReady) return;
    try {
      // From 0: a stream recreated after expiry may already hold entries added before the group existed.
      await redis.xgroup('CREATE', key, GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
    await redis.pexpire(key, STREAM_TTL_MS);
    groupReady = true;
  }

  async function read(id: '0' | '>', count: number): Promise<StreamEntry[]> {
    try {
      const reply = (await redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'STREAMS', key, id)) as
        | [string, StreamEntry[]][]
        | null;
      return reply?.[0]?.[1] ?? [];
    } catch (err) {
      // The stream expired or was deleted: recreate the group on the next read.
      if (String((err as Error).message).includes('NOGROUP')) groupReady = false;
      throw err;
    }
  }

  async function claimAbandoned(): Promise<void> {
    if (Date.now() - lastClaim < Math.min(claimIdleMs, 15_000)) return;
    lastClaim = Date.now();
    let cursor = '0-0';
    for (let round = 0; round < 10; round += 1) {
      const [next] = (await redis.xautoclaim(
        key,
        GROUP,
        consumer,
        claimIdleMs,
        cursor,
        'COUNT',
        100,
        'JUSTID',
      )) as [string, unknown];
      if (next === '0-0') break;
      cursor = next;
    }
  }

  const queue: AuditQueue & { consumer: string; key: string } = {
    name: 'redis',
    consumer,
    key,
    async push(entry: AuditEntry) {
      const result = await redis
        .multi()
        .xadd(key, 'MAXLEN', '~', maxLen, '*', 'e', JSON.stringify(entry))
        .pexpire(key, STREAM_TTL_MS)
        .exec();
      const failed = result?.find(([err]) => err);
      if (!result || failed) throw failed?.[0] ?? new Error('audit append aborted');
    },
    async take(count): Promise<AuditBatch> {
      await ensureGroup();
      await claimAbandoned();
      // Our own pending entries first (a failed write, or entries just claimed), then new ones.
      let raw = await read('0', count);
      if (raw.length === 0) raw = await read('>', count);
      const ids = raw.map(([id]) => id);
      const entries: AuditEntry[] = [];
      for (const [, fields] of raw) {
        // A trimmed entry comes back without fields; an unreadable one cannot be retried into shape.
        // Both are acknowledged with the batch so they do not block it forever.
        const json = fields?.[fields.indexOf('e') + 1];
        try {
          if (json) entries.push(JSON.parse(json) as AuditEntry);
        } catch {}
      }
      return {
        entries,
        async ack() {
          if (ids.length === 0) return;
          await redis
            .multi()
            .xack(key, GROUP, ...ids)
            .xdel(key, ...ids)
            .exec();
        },
      };
    },
    async backlog() {
      return redis.xlen(key);
    },
  };
  return queue;
}
