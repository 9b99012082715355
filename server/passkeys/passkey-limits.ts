import { type CounterFactory, createLimiter, type Limiter } from '../http/rate-limits.ts';

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

/** Counters from the store registry: Redis, shared by every instance, or memory on the embedded defaults. */
export function createPasskeyLimits(counters: CounterFactory, prefix: string): PasskeyLimits {
  const spec = (points: number) => ({ points, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS });
  return {
    account: createLimiter(counters, `${prefix}rl:passkey:acct`, spec(PASSKEY_ACCOUNT_ATTEMPTS)),
    ip: createLimiter(counters, `${prefix}rl:passkey:ip`, spec(PASSKEY_IP_ATTEMPTS)),
  };
}
