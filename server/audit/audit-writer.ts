import type { AuditQueue } from './audit-queue.ts';
import type { AuditStore } from './audit-store.ts';

export interface AuditWriter {
  /** Wakes the writer now (an entry was just queued) instead of at the next poll. */
  nudge(): void;
  /** Drains every queue once; resolves when nothing is left or a write fails. Tests and shutdown. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface AuditWriterOptions {
  queues: AuditQueue[];
  store: AuditStore;
  batchSize?: number;
  /** Poll interval when idle (other instances' entries arrive without a nudge). */
  pollMs?: number;
  /** Longest wait between retries while Postgres is down. */
  maxBackoffMs?: number;
  onError?: (err: unknown) => void;
  onWritten?: (inserted: number) => void;
}

/**
 * Moves queued audit entries to Postgres: take a batch, commit it, then acknowledge it. A failure leaves
 * the batch queued and retries with backoff, so nothing is lost while Postgres is down; the store skips
 * event ids it already holds, so a crash between commit and acknowledgement writes no duplicate.
 */
export function startAuditWriter(options: AuditWriterOptions): AuditWriter {
  const batchSize = options.batchSize ?? 200;
  const pollMs = options.pollMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;
  let wake = false;

  /** One pass over every queue until they are empty; true when it ended without an error. */
  async function pass(): Promise<boolean> {
    try {
      for (const queue of options.queues) {
        for (;;) {
          const batch = await queue.take(batchSize);
          if (batch.entries.length) {
            const { inserted } = await options.store.append(batch.entries);
            options.onWritten?.(inserted);
          }
          await batch.ack();
          if (batch.entries.length < batchSize) break;
        }
      }
      failures = 0;
      return true;
    } catch (err) {
      failures += 1;
      options.onError?.(err);
      return false;
    }
  }

  // Passes never overlap: a memory batch must be acknowledged before the next take sees the queue.
  function runPass(): Promise<boolean> {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  }

  async function tick(): Promise<void> {
    wake = false;
    const ok = await runPass();
    if (wake && ok) return schedule(0);
    schedule(ok ? pollMs : Math.min(100 * 2 ** Math.min(failures, 6), maxBackoffMs));
  }

  schedule(0);
  return {
    nudge() {
      wake = true;
      // While backing off from a failure, a new entry does not hammer a store that is down.
      if (!running && failures === 0) schedule(0);
    },
    async drain() {
      for (let i = 0; i < 100; i += 1) {
        if (!(await runPass())) throw new Error('audit writer could not drain the queue');
        const left = await Promise.all(options.queues.map((q) => q.backlog()));
        if (left.every((n) => n === 0)) return;
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
