import type { Context } from 'koa';
import { loginPage } from '../../views/login.ts';
import type { Ui } from '../../views/ui.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { TypedEmailHasher } from '../audit/typed-email.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { PWD_ACR } from '../mfa/policy.ts';
import { restrictionMessage, SignInRefusedError } from '../rg/sign-in-refused.ts';
import { SelfExcludedError } from '../sessions/self-exclusion.ts';
import { state } from './context.ts';
import { finishLogin, type SignInDeps } from './finish-login.ts';
import { startMfa } from './mfa.ts';
import { passkeyForm } from './passkey-form.ts';

/**
 * Renders the sign-in form for the current interaction; `error` and `notice` are already in the page's
 * language; `offerResend` adds the "Send a new link" form (an unverified email after the right password).
 * Passkeys are offered in the Email autofill unless `autofill` is false (a passkey just failed: the player
 * then uses the button or the password).
 */
export function showLogin(
  ctx: Context,
  error?: string,
  email?: string,
  options: { notice?: string; offerResend?: boolean; autofill?: boolean } = {},
): void {
  const { interaction, csrf, clientName, ui, selfService } = state(ctx);
  const base = `/interaction/${interaction.uid}`;
  ctx.type = 'html';
  ctx.body = loginPage(ui, {
    action: `${base}/login`,
    csrf,
    clientName,
    email,
    error,
    notice: options.notice,
    ...(options.offerResend && { resendAction: `${base}/resend-verification` }),
    passkey: passkeyForm(ctx, 'passwordless', options.autofill ?? true),
    ...(selfService && { registerUrl: `${base}/register`, forgotUrl: `${base}/forgot-password` }),
  });
}

/** A sign-in refusal in the page's language, or undefined when `err` is not one. */
export function refusalMessage(ui: Ui, err: unknown): string | undefined {
  if (err instanceof SignInRefusedError) return err.pageMessage(ui);
  if (err instanceof SelfExcludedError) return restrictionMessage(ui, 'self_exclusion', err.until);
  return undefined;
}

/**
 * Audits a sign-in refused after the password or passkey was proven (restriction, register): the trail shows
 * that a restricted player tried and was turned away (`login` failure, reason = the refusal's code).
 */
export async function auditRefusal(ctx: Context, audit: AuditLog, err: unknown, amr: string): Promise<void> {
  const { code, accountId, kind } = err as { code?: string; accountId?: string; kind?: string };
  await audit.record({
    type: 'login',
    outcome: 'failure',
    accountId,
    clientId: String(state(ctx).interaction.params.client_id),
    ip: ctx.ip,
    userAgent: ctx.get('user-agent'),
    detail: { reason: code, amr, ...(kind && { kind }) },
  });
}

/**
 * Checks email and password; on success either moves on to the MFA step (nothing is committed to the
 * session before the second factor; a new browser asks an enrolled player for it) or, when none is
 * required, finishes the login prompt with amr pwd.
 */
export function authenticate(
  deps: SignInDeps & {
    accounts: AccountStore;
    audit: AuditLog;
    mfa?: MfaService;
    /** What the audit keeps of an email typed for an unknown account (a keyed hash). */
    typedEmail: TypedEmailHasher;
    /** REQUIRE_EMAIL_VERIFICATION: an unverified account's password does not finish a sign-in. */
    requireVerifiedEmail?: boolean | undefined;
  },
) {
  const { accounts, audit, mfa, typedEmail } = deps;
  const options = { requireVerifiedEmail: deps.requireVerifiedEmail };
  return async function authenticate(ctx: Context) {
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 254) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const account =
      email && password && password.length <= 1024
        ? await accounts.authenticate(email, password).catch(async (err: unknown) => {
            // Restrictions, the exclusion register (server/rg/) and self-exclusion are told on the login page itself.
            const message = refusalMessage(state(ctx).ui, err);
            if (message === undefined) throw err;
            await auditRefusal(ctx, audit, err, 'pwd');
            ctx.status = (err as { status?: number }).status ?? 403;
            showLogin(ctx, message, email);
            return null;
          })
        : undefined;
    if (account === null) return;
    const context = {
      clientId: String(state(ctx).interaction.params.client_id),
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
    };
    if (!account) {
      // An existing account's trail shows every failed attempt against it; an unknown email is kept only as
      // a keyed hash (audit/typed-email.ts). No password ever reaches the log. The lookup runs on every
      // failure, known or not, so it adds the same work to both.
      const known = email ? await accounts.findByEmail(email) : undefined;
      await audit.record({
        type: 'login',
        outcome: 'failure',
        ...context,
        ...(known ? { accountId: known.id } : { detail: { emailHash: typedEmail(email) } }),
      });
      ctx.status = 401;
      // One message for every failure, so the page never reveals whether an account exists.
      showLogin(ctx, state(ctx).ui.t('login.invalid'), email);
      return;
    }
    if (options.requireVerifiedEmail && !account.emailVerified) {
      // Only after the right password, so the page tells nothing to someone without it (REQUIRE_EMAIL_VERIFICATION).
      await audit.record({
        type: 'login',
        outcome: 'failure',
        accountId: account.id,
        ...context,
        detail: { reason: 'email_unverified' },
      });
      ctx.status = 403;
      showLogin(ctx, state(ctx).ui.t('verify.required'), email, { offerResend: true });
      return;
    }
    await audit.record({ type: 'login', outcome: 'success', accountId: account.id, ...context });
    // Without device recognition every browser counts as new, so enrolled players are always asked.
    const newDevice = deps.devices ? await deps.devices.needsStepUp(ctx, account.id) : true;
    if (mfa && (await startMfa(ctx, mfa, account, newDevice))) return;
    await finishLogin(ctx, deps, { accountId: account.id, amr: ['pwd'], acr: PWD_ACR }, account);
  };
}
