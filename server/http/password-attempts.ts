import { accountKey } from './login-account-key.ts';
import type { LoginLimits } from './rate-limits-config.ts';

/** Which counter refused an attempt. */
export type PasswordLimitScope = 'account' | 'ip';

/** One counted password attempt: refused (and which lockouts this very attempt started), or go ahead after a delay. */
export type PasswordAttempt =
  | { blocked: true; retryAfter: number; started: PasswordLimitScope[] }
  | { blocked: false; delayMs: number };

/** The sign-in limiter's counting, shared by every check of a password (login page, /account). */
export interface PasswordAttempts {
  /** Counts one attempt per account (normalised email, known or not) and per IP, before the password is looked at. */
  count(email: string, ip: string): Promise<PasswordAttempt>;
  /** The password was right: the account's count starts again and the attempt does not count against the IP. */
  succeeded(email: string, ip: string): Promise<void>;
  /** Our failure (a store outage), not the player's: the attempt is given back (best effort). */
  refund(email: string, ip: string): Promise<void>;
}

/** The login limits' counters as one password-attempt policy; without limits nothing is counted. */
export function passwordAttempts(limits: LoginLimits | undefined): PasswordAttempts {
  return {
    async count(email, ip) {
      if (!limits) return { blocked: false, delayMs: 0 };
      const [byAccount, byIp] = await Promise.all([
        limits.account.consume(accountKey(email)),
        limits.ip.consume(ip),
      ]);
      const over = [
        { scope: 'account' as const, result: byAccount, points: limits.accountPoints },
        { scope: 'ip' as const, result: byIp, points: limits.ipPoints },
      ].filter((c) => !c.result.allowed);
      if (over.length === 0) return { blocked: false, delayMs: limits.delayFor(byAccount.count) };
      return {
        blocked: true,
        retryAfter: Math.max(...over.map((c) => c.result.retryAfter)),
        // Only the attempt that starts a lockout is audited, not every request made during it.
        started: over.filter((c) => c.result.count === c.points + 1).map((c) => c.scope),
      };
    },
    async succeeded(email, ip) {
      if (!limits) return;
      await Promise.all([limits.account.reset(accountKey(email)), limits.ip.refund(ip)]);
    },
    async refund(email, ip) {
      if (!limits) return;
      await Promise.all([limits.account.refund(accountKey(email)), limits.ip.refund(ip)]).catch(
        () => undefined,
      );
    },
  };
}
