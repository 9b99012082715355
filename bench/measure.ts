/** What one scenario run yields (latencies in ms). */
export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  durationSec: number;
}

/** The q-quantile (0..1) of sorted values, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Runs `concurrency` workers, each calling `step` back to back (or paced to `rate` per second overall)
 * until `durationSec` has passed. A step returns false on a failed request; a worker whose step throws or
 * returns 'stop' ends early (a broken refresh chain cannot continue); 'end' ends it without a request
 * (nothing left to do, e.g. every single-use TOTP player has signed in).
 */
export async function runWorkers(
  concurrency: number,
  durationSec: number,
  step: (worker: number) => Promise<boolean | 'stop' | 'end'>,
  rate?: number,
): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + durationSec * 1000;
  const interval = rate ? (concurrency * 1000) / rate : 0;
  const worker = async (w: number) => {
    let next = start + (interval * w) / concurrency;
    while (performance.now() < end) {
      if (interval) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        next += interval;
        if (performance.now() >= end) break;
      }
      const t0 = performance.now();
      let outcome: boolean | 'stop' | 'end';
      try {
        outcome = await step(w);
      } catch {
        outcome = 'stop';
      }
      if (outcome === 'end') return;
      latencies.push(performance.now() - t0);
      if (outcome !== true) errors++;
      if (outcome === 'stop') return;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: (latencies.length - errors) / elapsed,
    p50: round(quantile(latencies, 0.5)),
    p99: round(quantile(latencies, 0.99)),
    errors,
    requests: latencies.length,
    durationSec: round(elapsed),
  };
}

/** Two decimals, for readable JSON. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
