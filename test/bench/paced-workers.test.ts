import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runWorkers } from '../../bench/measure.ts';

// The half-peak rows hold a rate with bench/measure.ts's paced workers; these pin down how they time it.
describe('bench paced workers', () => {
  it('time a request from when it was sent while the server keeps up', async () => {
    // One worker, one request every 100 ms, each answered in 30 ms: nothing queues.
    const m = await runWorkers(1, 1, () => sleep(30).then(() => true), 10);
    expect(m.requests).toBe(10);
    expect(m.errors).toBe(0);
    expect(m.p50).toBeGreaterThanOrEqual(29);
    expect(m.p99).toBeLessThan(90);
  });

  it('time a request from its scheduled send time once the worker falls behind (queueing counted)', async () => {
    // One request every 50 ms, each answered in 100 ms: the k-th (sent at 100k ms, scheduled at 50k ms)
    // waits 50k ms before it is sent. Every request scheduled before the end is sent.
    const m = await runWorkers(1, 1, () => sleep(100).then(() => true), 20);
    expect(m.requests).toBe(20);
    expect(m.p50).toBeGreaterThan(500);
    expect(m.p99).toBeGreaterThan(900);
  });
});
