import type { Logger } from 'pino';
import type { AuditLog } from './audit-log.ts';
import type { AuditQueue } from './audit-queue.ts';
import type { AuditStore } from './audit-store.ts';
import { type AuditWriter, startAuditWriter } from './audit-writer.ts';
import { createDurableAuditLog } from './durable-audit-log.ts';
import { createMemoryAuditQueue } from './memory-audit-queue.ts';

export interface AuditPipeline {
  audit: AuditLog;
  writer: AuditWriter;
  queues: AuditQueue[];
  /** Stops the writer after one last attempt to drain what this process holds in memory. */
  close(): Promise<void>;
}

/**
 * Wires the audit trail: record -> Redis stream (memory queue when there is no Redis, or as fallback)
 * -> writer on this instance -> hash-chained audit_log.
 */
export function createAuditPipeline(options: {
  /** audit_log (the registry's `audit.store`). */
  store: AuditStore;
  /** The shared queue (the registry's `audit.queue`: a Redis stream), or undefined for memory only. */
  queue: AuditQueue | undefined;
  log: Logger;
  pollMs?: number;
}): AuditPipeline {
  const { log } = options;
  const memory = createMemoryAuditQueue({
    onDrop: (n) => log.error({ dropped: n }, 'audit memory queue full; oldest events dropped'),
  });
  const redisQueue = options.queue;
  const queues: AuditQueue[] = redisQueue ? [redisQueue, memory] : [memory];
  let lastLogged = 0;
  const writer = startAuditWriter({
    queues,
    store: options.store,
    pollMs: options.pollMs,
    onError: (err) => {
      if (Date.now() - lastLogged < 10_000) return;
      lastLogged = Date.now();
      log.warn({ err: (err as Error).message }, 'audit writer: events kept queued; will retry');
    },
  });
  const audit = createDurableAuditLog({
    primary: redisQueue,
    fallback: memory,
    log,
    onQueued: () => writer.nudge(),
  });
  return {
    audit,
    writer,
    queues,
    async close() {
      if (memory.size > 0) {
        const timeout = new Promise((resolve) => setTimeout(resolve, 2000).unref());
        await Promise.race([writer.drain().catch(() => undefined), timeout]);
        if (memory.size > 0) log.error({ lost: memory.size }, 'audit events still in memory at shutdown');
      }
      await writer.stop();
    },
  };
}
