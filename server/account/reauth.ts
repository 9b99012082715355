import type { Context, Next } from 'koa';
import { tooManyAttempts } from '../interactions/limit-login.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { normaliseRecoveryCode } from '../mfa/recovery-codes.ts';
import { type CurrentPasswordDeps, checkCurrentPassword } from './current-password.ts';
import type { ReauthMethod, RecentReauth } from './recent-reauth.ts';
import { accountMfaContext, field, signedIn } from './session.ts';

export const REAUTH_FAILED = 'account.reauth.failed';
export const REAUTH_LOCKED = 'account.reauth.locked';
export const REAUTH_REQUIRED = 'account.reauth.required';

/** Why a factor change was refused; `retryAfter` when the password limiter (not the code limiter) locked. */
export type ReauthRefusal =
  | { outcome: 'required' | 'invalid' }
  | { outcome: 'locked'; retryAfter?: number | undefined };

export interface ReauthDeps extends CurrentPasswordDeps {
  mfa: MfaService;
  recent: RecentReauth;
}

type Proof = { outcome: 'ok'; method: ReauthMethod } | ReauthRefusal;

/**
 * The `reauth` field checked as the account's password (counted by the sign-in limiter) or a current code:
 * 6 digits are a TOTP code, a recovery code's shape is tried as one first (both counted by the MFA limits).
 */
async function prove(ctx: Context, deps: ReauthDeps, secret: string): Promise<Proof> {
  if (!secret) return { outcome: 'required' };
  const compact = secret.replace(/\s/g, '');
  const asCode = /^\d{6}$/.test(compact) || normaliseRecoveryCode(secret) !== undefined;
  if (asCode && (await deps.mfa.status(signedIn(ctx).account.id)).enrolled) {
    const result = await deps.mfa.verify(accountMfaContext(ctx), secret);
    if (result.outcome === 'ok') return { outcome: 'ok', method: result.method };
    if (result.outcome === 'locked') return { outcome: 'locked' };
    // Six digits are never a password (passwords are longer); a recovery-code shape may be one.
    if (/^\d{6}$/.test(compact)) return { outcome: 'invalid' };
  }
  const check = await checkCurrentPassword(ctx, deps, secret);
  return check.outcome === 'ok' ? { outcome: 'ok', method: 'password' } : check;
}

/**
 * Re-authentication before a factor is added or removed on /account (TOTP, recovery codes, passkeys): the
 * account session must have re-authenticated within REAUTH_WINDOW_MS, or this request carries the password
 * or a current code in its `reauth` field, which then starts such a window. A stolen session cookie alone
 * changes no factor. Every attempt is audited as `account.reauth` with its purpose; `refuse` answers otherwise.
 */
export function requireReauth(
  deps: ReauthDeps,
  purpose: string,
  refuse: (ctx: Context, refusal: ReauthRefusal) => Promise<void> | void,
) {
  return async function requireReauth(ctx: Context, next: Next) {
    const { account, sessionUid } = signedIn(ctx);
    if (await deps.recent.isRecent(sessionUid, account.id)) return next();
    const proof = await prove(ctx, deps, field(ctx, 'reauth'));
    await deps.audit.record({
      type: 'account.reauth',
      outcome: proof.outcome === 'ok' ? 'success' : 'failure',
      accountId: account.id,
      sessionId: sessionUid,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
      detail: { purpose, ...(proof.outcome === 'ok' ? { method: proof.method } : { reason: proof.outcome }) },
    });
    if (proof.outcome !== 'ok') {
      ctx.status = proof.outcome === 'locked' ? 429 : 401;
      return refuse(ctx, proof);
    }
    await deps.recent.mark(sessionUid, account.id, proof.method);
    await next();
  };
}

/** The refusal's message in the page's language. */
export function reauthMessage(ctx: Context, refusal: ReauthRefusal): string {
  const { t } = signedIn(ctx).ui;
  if (refusal.outcome === 'locked')
    return refusal.retryAfter ? tooManyAttempts(t, refusal.retryAfter) : t(REAUTH_LOCKED);
  return t(refusal.outcome === 'required' ? REAUTH_REQUIRED : REAUTH_FAILED);
}
