import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { CounterFactory } from '../../server/http/rate-limits.ts';

/** Rate-limit counters in process memory (embedded, single instance). */
export function memoryCounters(): CounterFactory {
  return (options) => new RateLimiterMemory(options);
}
