import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Next } from 'koa';
import type { Translate } from '../../views/i18n/translate.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { TypedEmailHasher } from '../audit/typed-email.ts';
import type { LoginLimits } from '../http/rate-limits-config.ts';
import { state } from './context.ts';
import { showLogin } from './login.ts';

/** The message for every limited attempt, whichever counter tripped and whether or not the account exists. */
export function tooManyAttempts(t: Translate, retryAfterSeconds: number): string {
  return t.plural('error.tooManyAttempts', Math.max(1, Math.ceil(retryAfterSeconds / 60)));
}

/** The per-account counter key: a hash of the normalised email, so Redis holds no addresses. */
export function accountKey(email: string): string {
  return createHash('sha256').update(email.normalize('NFKC').trim().toLowerCase()).digest('base64url');
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
  return async function limitLogin(ctx: Context, next: Next) {
    if (!limits) return next();
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 254) : '';
    const account = accountKey(email);
    const [byAccount, byIp] = await Promise.all([limits.account.consume(account), limits.ip.consume(ctx.ip)]);
    const blocked = [
      { scope: 'account', result: byAccount, points: limits.accountPoints },
      { scope: 'ip', result: byIp, points: limits.ipPoints },
    ].filter((c) => !c.result.allowed);
    if (blocked.length > 0) {
      for (const c of blocked) {
        // Only the attempt that starts the lockout is audited, not every request made during it.
        if (c.result.count !== c.points + 1) continue;
        const known = email ? await who.accounts.findByEmail(email) : undefined;
        await audit.record({
          type: 'login.lockout',
          outcome: 'failure',
          clientId: String(state(ctx).interaction.params.client_id),
          ip: ctx.ip,
          userAgent: ctx.get('user-agent'),
          ...(known ? { accountId: known.id } : {}),
          detail: {
            scope: c.scope,
            retryAfter: c.result.retryAfter,
            ...(known ? {} : { emailHash: who.typedEmail(email) }),
          },
        });
      }
      const retryAfter = Math.max(...blocked.map((c) => c.result.retryAfter));
      ctx.set('Retry-After', String(retryAfter));
      ctx.status = 429;
      showLogin(ctx, tooManyAttempts(state(ctx).ui.t, retryAfter), email);
      return;
    }
    const delay = limits.delayFor(byAccount.count);
    if (delay > 0) await sleep(delay);
    try {
      await next();
    } catch (err) {
      // A store outage (503) is our failure, not the player's: give the attempt back so players are not
      // locked out by retrying through an outage. Best effort, since the failing store may be Redis itself.
      await Promise.all([limits.account.refund(account), limits.ip.refund(ctx.ip)]).catch(() => undefined);
      throw err;
    }
    if (ctx.status < 400) {
      await Promise.all([limits.account.reset(account), limits.ip.refund(ctx.ip)]);
    }
  };
}
