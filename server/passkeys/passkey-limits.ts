import type { Cluster, Redis } from 'ioredis';
import { createLimiter, type Limiter } from '../http/rate-limits.ts';

/** Passkey attempts per account within the window before passkeys are refused for a while. */
export const PASSKEY_ACCOUNT_ATTEMPTS = 10;
/** Passkey attempts per client IP within the window (covers passwordless, where no account is known yet). */
export const PASSKEY_IP_ATTEMPTS = 30;
const WINDOW_SECONDS = 15 * 60;

/**
 * Limits of their own for passkey ceremonies (counters under `rl:passkey:`): they never touch the password
 * login counters, so failed or hostile passkey attempts cannot lock a player out of the password.
 */
export interface PasskeyLimits {
  account: Limiter;
  ip: Limiter;
}

/** Redis counters shared by every instance, or memory on the embedded defaults. */
export function createPasskeyLimits(redis: Redis | Cluster | undefined, prefix: string): PasskeyLimits {
  const spec = (points: number) => ({ points, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS });
  return {
    account: createLimiter(redis, `${prefix}rl:passkey:acct`, spec(PASSKEY_ACCOUNT_ATTEMPTS)),
    ip: createLimiter(redis, `${prefix}rl:passkey:ip`, spec(PASSKEY_IP_ATTEMPTS)),
  };
}
