import type { Context } from 'koa';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { MFA_ACR } from '../mfa/policy.ts';
import type { PasskeyService } from '../passkeys/passkey-service.ts';
import { state } from './context.ts';
import { finishLogin, type SignInDeps } from './finish-login.ts';
import { tooManyAttempts } from './limit-login.ts';
import { auditRefusal, refusalMessage, showLogin } from './login.ts';
import { mfaTarget, showMfa } from './mfa.ts';

/** A WebAuthn answer is a few kilobytes at most; anything larger is not one. */
const MAX_RESPONSE = 64 * 1024;

export type PasskeyDeps = SignInDeps & {
  accounts: AccountStore;
  /** A passwordless sign-in refused by a restriction or the register is audited like the password's. */
  audit: AuditLog;
  passkeys: PasskeyService;
  mfa?: MfaService | undefined;
};

/** The account whose password was verified in this interaction (or the session's, for step-up), if any. */
const secondFactorTarget = (ctx: Context, deps: PasskeyDeps) =>
  deps.mfa ? mfaTarget(ctx, deps.mfa, deps.accounts) : Promise.resolve(undefined);

/**
 * POST /interaction/:uid/passkey/options: WebAuthn request options bound to this interaction. After the
 * password they list the account's passkeys (second factor); before it they list none, so the browser
 * offers the discoverable credentials it holds for us (passwordless, also through autofill).
 */
export function passkeyOptions(deps: PasskeyDeps) {
  return async function passkeyOptions(ctx: Context) {
    const target = await secondFactorTarget(ctx, deps);
    ctx.type = 'json';
    ctx.body = await deps.passkeys.authenticationOptions(state(ctx).interaction.uid, target?.account.id);
  };
}

/**
 * POST /interaction/:uid/passkey: verifies the browser's answer. As a second factor it completes the login
 * with amr pwd + hwk; alone (a discoverable credential) it signs in with amr hwk. Both are MFA: a passkey
 * with user verification is something the player has plus their device PIN or biometric.
 */
export function verifyPasskey(deps: PasskeyDeps) {
  return async function verifyPasskey(ctx: Context) {
    const { interaction } = state(ctx);
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    const raw = typeof body.response === 'string' ? body.response.slice(0, MAX_RESPONSE) : '';
    const target = await secondFactorTarget(ctx, deps);
    const result = await deps.passkeys.authenticate(interaction.uid, raw, {
      clientId: String(interaction.params.client_id),
      sessionId: interaction.session?.uid,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
    });
    const { t } = state(ctx).ui;
    const again = async (status: number, message: string) => {
      ctx.status = status;
      if (target && deps.mfa) return showMfa(ctx, deps.mfa, target, message);
      return showLogin(ctx, message, undefined, { autofill: false });
    };
    if (result.outcome === 'locked') {
      ctx.set('Retry-After', String(result.retryAfter));
      return again(429, tooManyAttempts(t, result.retryAfter));
    }
    if (result.outcome === 'refused') return again(401, t('passkey.refused'));
    if (target && result.accountId === target.account.id) {
      return finishLogin(ctx, deps, { accountId: result.accountId, amr: ['pwd', 'hwk'], acr: MFA_ACR });
    }
    // Passwordless: the same account checks a password sign-in makes after the password.
    const account = await deps.accounts.findById(result.accountId);
    if (account?.status !== 'active') return again(403, t('passkey.accountUnavailable'));
    // Restrictions and the exclusion register refuse a passkey as they refuse the right password.
    try {
      await deps.accounts.checkSignIn?.(account);
    } catch (err) {
      const message = refusalMessage(state(ctx).ui, err);
      if (message === undefined) throw err;
      await auditRefusal(ctx, deps.audit, err, 'hwk');
      return again((err as { status?: number }).status ?? 403, message);
    }
    return finishLogin(ctx, deps, { accountId: account.id, amr: ['hwk', 'mfa'], acr: MFA_ACR });
  };
}
