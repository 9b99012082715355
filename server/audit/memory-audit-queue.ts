import type { AuditEntry } from './audit-entry.ts';
import type { AuditBatch, AuditQueue } from './audit-queue.ts';

/**
 * An in-process queue: the only queue in embedded mode, and the fallback when Redis refuses an append.
 * Entries leave it only when the writer acknowledges a committed batch. Bounded: past `max` the oldest are
 * dropped (and counted) rather than exhausting the process.
 */
export function createMemoryAuditQueue(options: { max?: number; onDrop?: (n: number) => void } = {}) {
  const max = options.max ?? 100_000;
  const entries: AuditEntry[] = [];
  const queue: AuditQueue & { readonly size: number } = {
    name: 'memory',
    get size() {
      return entries.length;
    },
    async push(entry) {
      entries.push(entry);
      if (entries.length > max) options.onDrop?.(entries.splice(0, entries.length - max).length);
    },
    async take(count): Promise<AuditBatch> {
      const batch = entries.slice(0, count);
      return {
        entries: batch,
        async ack() {
          // Only this writer removes entries and pushes only append, so the batch is still at the front
          // unless the bound dropped some of it meanwhile.
          const acked = new Set(batch.map((e) => e.eventId));
          let n = 0;
          while (n < entries.length && acked.has(entries[n]!.eventId)) n += 1;
          entries.splice(0, n);
        },
      };
    },
    async backlog() {
      return entries.length;
    },
  };
  return queue;
}
