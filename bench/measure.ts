/** What one scenario run yields (latencies in ms). */
export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  durationSec: number;
  /**
   * Paced runs: p99 of how late the load generator's timers woke an idle worker for its next request (ms).
   * Not in the latencies; large values mean the load generator, not the server, could not keep the pace.
   */
  timerLateP99?: number;
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
 *
 * Paced, each worker has an even schedule (one request every `concurrency / rate` seconds, the workers'
 * schedules staggered) and sends every request scheduled before the end. A request whose worker was still
 * busy with the previous one at its scheduled time is sent as soon as that one is answered and timed from
 * its scheduled time, so a server that falls behind shows the queueing it causes (no coordinated omission);
 * a request whose worker was idle is timed from when it was sent, so the load generator's own timer lateness
 * is not charged to the server.
 */
export async function runWorkers(
  concurrency: number,
  durationSec: number,
  step: (worker: number) => Promise<boolean | 'stop' | 'end'>,
  rate?: number,
): Promise<Measurement> {
  const latencies: number[] = [];
  const late: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + durationSec * 1000;
  const interval = rate ? (concurrency * 1000) / rate : 0;
  // A paced worker far behind its schedule gives up on what is left this long after the end.
  const giveUp = end + Math.max(2000, durationSec * 500);
  const worker = async (w: number) => {
    let next = start + (interval * w) / concurrency;
    while (interval ? next < end : performance.now() < end) {
      let t0 = performance.now();
      if (interval) {
        if (t0 < next) {
          await new Promise((resolve) => setTimeout(resolve, next - t0));
          t0 = performance.now();
          late.push(t0 - next);
        } else if (t0 < giveUp) {
          t0 = next;
        } else {
          return;
        }
        next += interval;
      }
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
  late.sort((a, b) => a - b);
  return {
    rps: (latencies.length - errors) / elapsed,
    p50: round(quantile(latencies, 0.5)),
    p99: round(quantile(latencies, 0.99)),
    errors,
    requests: latencies.length,
    durationSec: round(elapsed),
    ...(interval ? { timerLateP99: round(quantile(late, 0.99)) } : {}),
  };
}

/** Two decimals, for readable JSON. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
