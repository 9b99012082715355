import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Next } from 'koa';
import type { Translate } from '../../views/i18n/translate.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { TypedEmailHasher } from '../audit/typed-email.ts';
import { passwordAttempts } from '../http/password-attempts.ts';
import type { LoginLimits } from '../http/rate-limits-config.ts';
import { state } from './context.ts';
import { showLogin } from './login.ts';

/** The message for every limited attempt, whichever counter tripped and whether or not the account exists. */
export function tooManyAttempts(t: Translate, retryAfterSeconds: number): string {
  return t.plural('error.tooManyAttempts', Math.max(1, Math.ceil(retryAfterSeconds / 60)));
}

/**
 * A login step placed before `authenticate`: counts the attempt against the account (by normalised email,
 * known or not) and the client IP before the password is checked, so parallel guesses cannot slip past;
 * slows repeated failures progressively; answers 429 + Retry-After once over the limit (audited as
 * `login.lockout` when the lockout starts). A successful login resets the account counter.
 */
export function limitLogin(
  limits: LoginLimits | undefined,
  audit: AuditLog,
  who: { accounts: AccountStore; typedEmail: TypedEmailHasher },
) {
  const attempts = passwordAttempts(limits);
  return async function limitLogin(ctx: Context, next: Next) {
    if (!limits) return next();
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 254) : '';
    const attempt = await attempts.count(email, ctx.ip);
    if (attempt.blocked) {
      for (const scope of attempt.started) {
        const known = email ? await who.accounts.findByEmail(email) : undefined;
        await audit.record({
          type: 'login.lockout',
          outcome: 'failure',
          clientId: String(state(ctx).interaction.params.client_id),
          ip: ctx.ip,
          userAgent: ctx.get('user-agent'),
          ...(known ? { accountId: known.id } : {}),
          detail: {
            scope,
            retryAfter: attempt.retryAfter,
            ...(known ? {} : { emailHash: who.typedEmail(email) }),
          },
        });
      }
      ctx.set('Retry-After', String(attempt.retryAfter));
      ctx.status = 429;
      showLogin(ctx, tooManyAttempts(state(ctx).ui.t, attempt.retryAfter), email);
      return;
    }
    if (attempt.delayMs > 0) await sleep(attempt.delayMs);
    try {
      await next();
    } catch (err) {
      // A store outage (503) is our failure, not the player's: give the attempt back so players are not
      // locked out by retrying through an outage. Best effort, since the failing store may be Redis itself.
      await attempts.refund(email, ctx.ip);
      throw err;
    }
    if (ctx.status < 400) await attempts.succeeded(email, ctx.ip);
  };
}
