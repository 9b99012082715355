import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from 'koa';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PasswordAttempts } from '../http/password-attempts.ts';
import { signedIn } from './session.ts';

export type PasswordCheckOutcome =
  | { outcome: 'ok' }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; retryAfter: number };

export interface CurrentPasswordDeps {
  accounts: AccountStore;
  audit: AuditLog;
  /** The sign-in limiter's counters (server/http/password-attempts.ts): one policy for every password check. */
  attempts: PasswordAttempts;
}

/**
 * Checks the signed-in player's password on /account (a password change, a re-authentication). Counted by
 * the sign-in limiter per account and per IP before the password is looked at, so a stolen cookie is no way
 * around the login page's lockout; while locked even the right password is refused (429 + Retry-After).
 */
export async function checkCurrentPassword(
  ctx: Context,
  deps: CurrentPasswordDeps,
  password: string,
): Promise<PasswordCheckOutcome> {
  const { account, sessionUid } = signedIn(ctx);
  const attempt = await deps.attempts.count(account.email, ctx.ip);
  if (attempt.blocked) {
    for (const scope of attempt.started) {
      await deps.audit.record({
        type: 'login.lockout',
        outcome: 'failure',
        accountId: account.id,
        sessionId: sessionUid,
        ip: ctx.ip,
        userAgent: ctx.get('user-agent'),
        detail: { scope, retryAfter: attempt.retryAfter, surface: 'account' },
      });
    }
    ctx.set('Retry-After', String(attempt.retryAfter));
    return { outcome: 'locked', retryAfter: attempt.retryAfter };
  }
  if (attempt.delayMs > 0) await sleep(attempt.delayMs);
  let same: Awaited<ReturnType<AccountStore['authenticate']>>;
  try {
    same = await deps.accounts.authenticate(account.email, password);
  } catch (err) {
    await deps.attempts.refund(account.email, ctx.ip);
    throw err;
  }
  if (same?.id !== account.id) return { outcome: 'invalid' };
  await deps.attempts.succeeded(account.email, ctx.ip);
  return { outcome: 'ok' };
}
