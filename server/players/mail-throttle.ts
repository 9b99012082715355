import { type CounterFactory, createLimiter, hashKey } from '../http/rate-limits.ts';
import type { Throttle } from './ports.ts';

/**
 * Limits on requests that send mail (reset requests, verification resends), counted before anything is
 * looked up: 3 per address and 30 per IP in 15 minutes. Addresses are hashed in the counter keys.
 */
export function mailThrottle(counters: CounterFactory, prefix: string): { email: Throttle; ip: Throttle } {
  const byEmail = createLimiter(counters, `${prefix}rl:mail:email`, { points: 3, duration: 900 });
  const byIp = createLimiter(counters, `${prefix}rl:mail:ip`, { points: 30, duration: 900 });
  return {
    email: async (key) => (await byEmail.consume(hashKey(key))).allowed,
    ip: async (key) => (await byIp.consume(key)).allowed,
  };
}
