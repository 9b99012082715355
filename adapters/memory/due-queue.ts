import type { DueQueue } from '../../server/live/live-event.ts';

/** DueQueue in process memory (embedded defaults: one instance runs every job). */
export function createMemoryDueQueue(options: { leaseMs?: number } = {}): DueQueue {
  const jobs = new Map<string, { atMs: number; data: string }>();
  const leaseMs = options.leaseMs ?? 30_000;
  return {
    async schedule(key, atMs, data) {
      jobs.set(key, { atMs, data });
    },
    async get(key) {
      return jobs.get(key);
    },
    async cancel(key) {
      jobs.delete(key);
    },
    async claim(nowMs, limit) {
      const claimed: { key: string; data: string; lease: number }[] = [];
      const lease = nowMs + leaseMs;
      for (const [key, job] of jobs) {
        if (claimed.length >= limit) break;
        if (job.atMs > nowMs) continue;
        job.atMs = lease;
        claimed.push({ key, data: job.data, lease });
      }
      return claimed;
    },
    async complete(key, lease) {
      if (jobs.get(key)?.atMs === lease) jobs.delete(key);
    },
    async countLater(nowMs) {
      let n = 0;
      for (const job of jobs.values()) if (job.atMs > nowMs) n++;
      return n;
    },
  };
}
