import type { Config } from '../config.ts';
import type { TokenLimits } from './limit-token-endpoint.ts';
import { type CounterBatch, type CounterFactory, createLimiter, type Limiter } from './rate-limits.ts';

/** How long an IP that failed client authentication too often waits before the token endpoint hears it again. */
const TOKEN_AUTH_BLOCK_SECONDS = 5 * 60;

/** The login counters and how long to slow a repeated failure. */
export interface LoginLimits {
  account: Limiter;
  ip: Limiter;
  accountPoints: number;
  ipPoints: number;
  /** Delay in ms before checking the password on the `count`th attempt of the window. */
  delayFor(count: number): number;
}

/** Every limiter Pitboss uses; counters live under `${REDIS_PREFIX}rl:` next to the other keys. */
export interface RateLimits {
  login: LoginLimits;
  /** Token endpoint: traffic per caller and failed client authentication per IP (server/http/limit-token-endpoint.ts). */
  token: TokenLimits;
  /** Admin API requests per bearer token (hashed); undefined when disabled. */
  admin: Limiter | undefined;
}

type LimitConfig = Pick<
  Config,
  | 'REDIS_PREFIX'
  | 'LOGIN_ACCOUNT_MAX_FAILURES'
  | 'LOGIN_IP_MAX_ATTEMPTS'
  | 'LOGIN_WINDOW_SECONDS'
  | 'LOGIN_LOCKOUT_SECONDS'
  | 'LOGIN_DELAY_MS'
  | 'TOKEN_RATE_LIMIT_PER_MINUTE'
  | 'TOKEN_AUTH_FAILURES_PER_MINUTE'
  | 'ADMIN_RATE_LIMIT_PER_MINUTE'
>;

/**
 * Builds the limiters from config over Redis (shared by every instance) or memory (single instance);
 * `batch` (Redis) lets the token endpoint read both its counters in one round trip.
 */
export function createRateLimits(
  counters: CounterFactory,
  config: LimitConfig,
  batch?: CounterBatch,
): RateLimits {
  const prefix = `${config.REDIS_PREFIX}rl:`;
  const window = config.LOGIN_WINDOW_SECONDS;
  const lockout = config.LOGIN_LOCKOUT_SECONDS;
  const perMinute = (name: string, points: number) =>
    points > 0 ? createLimiter(counters, `${prefix}${name}`, { points, duration: 60 }) : undefined;
  return {
    login: {
      account: createLimiter(counters, `${prefix}login:acct`, {
        points: config.LOGIN_ACCOUNT_MAX_FAILURES,
        duration: window,
        blockDuration: lockout,
      }),
      ip: createLimiter(counters, `${prefix}login:ip`, {
        points: config.LOGIN_IP_MAX_ATTEMPTS,
        duration: window,
        blockDuration: lockout,
      }),
      accountPoints: config.LOGIN_ACCOUNT_MAX_FAILURES,
      ipPoints: config.LOGIN_IP_MAX_ATTEMPTS,
      // Doubles from the second attempt on, capped at 8x the base, so a typo costs nothing noticeable.
      delayFor: (count) => (count < 2 ? 0 : config.LOGIN_DELAY_MS * 2 ** Math.min(count - 2, 3)),
    },
    token: {
      traffic: perMinute('token', config.TOKEN_RATE_LIMIT_PER_MINUTE),
      failures:
        config.TOKEN_AUTH_FAILURES_PER_MINUTE > 0
          ? createLimiter(counters, `${prefix}token:authfail`, {
              points: config.TOKEN_AUTH_FAILURES_PER_MINUTE,
              duration: 60,
              blockDuration: TOKEN_AUTH_BLOCK_SECONDS,
            })
          : undefined,
      batch,
    },
    admin: perMinute('admin', config.ADMIN_RATE_LIMIT_PER_MINUTE),
  };
}
