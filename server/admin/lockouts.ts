import type { LoginLimits } from '../http/rate-limits-config.ts';
import { accountKey } from '../interactions/limit-login.ts';
import type { AccountLockout } from '../mfa/attempt-limiter.ts';

export interface LockoutView {
  login: { locked: boolean; failures: number; retryAfterSeconds: number };
  mfa: { locked: boolean; failures: number };
}

/**
 * A player's sign-in lockout (the per-account login counter, keyed by the normalised email) and MFA
 * lockout (wrong codes per account): shown on the account, cleared by `unlock`. Per-IP counters are not
 * the player's and stay.
 */
export function createLockouts(deps: {
  login: LoginLimits | undefined;
  /** The MFA step's own account lockout (the MfaService, or accountLockout() over the same counters). */
  mfa: AccountLockout;
}) {
  return {
    async status(account: { id: string; email: string }): Promise<LockoutView> {
      const [login, mfa] = await Promise.all([
        deps.login?.account.peek(accountKey(account.email)),
        deps.mfa.lockout(account.id),
      ]);
      return {
        login: {
          locked: login ? !login.allowed : false,
          failures: login?.count ?? 0,
          retryAfterSeconds: login?.retryAfter ?? 0,
        },
        mfa,
      };
    },
    async clear(account: { id: string; email: string }): Promise<void> {
      await Promise.all([
        deps.login?.account.reset(accountKey(account.email)),
        deps.mfa.clearLockout(account.id),
      ]);
    },
  };
}

export type Lockouts = ReturnType<typeof createLockouts>;
