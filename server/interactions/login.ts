import type { Context } from 'koa';
import { loginPage } from '../../views/login.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { finish, state } from './context.ts';
import { startMfa } from './mfa.ts';

/**
 * Renders the sign-in form for the current interaction; `error` and `notice` are already in the page's
 * language; `offerResend` adds the "Send a new link" form (an unverified email after the right password).
 */
export function showLogin(
  ctx: Context,
  error?: string,
  email?: string,
  options: { notice?: string; offerResend?: boolean } = {},
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
    ...(selfService && { registerUrl: `${base}/register`, forgotUrl: `${base}/forgot-password` }),
  });
}

/**
 * Checks email and password; on success either moves on to the MFA step (nothing is committed to the
 * session before the second factor) or, when none is required, finishes the login prompt with amr pwd.
 */
export function authenticate(
  accounts: AccountStore,
  audit: AuditLog,
  mfa?: MfaService,
  options: { requireVerifiedEmail?: boolean | undefined } = {},
) {
  return async function authenticate(ctx: Context) {
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 254) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const account =
      email && password && password.length <= 1024
        ? await accounts.authenticate(email, password).catch((err: unknown) => {
            // Self-exclusion (server/sessions/self-exclusion.ts) is told on the login page itself.
            if ((err as { code?: string }).code !== 'ERR_SELF_EXCLUDED') throw err;
            ctx.status = 403;
            showLogin(ctx, (err as Error).message, email);
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
      // The attempted email is kept only as a lookup key for operators; no password ever reaches the log.
      await audit.record({
        type: 'login',
        outcome: 'failure',
        ...context,
        detail: { email: email.toLowerCase() },
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
    if (mfa && (await startMfa(ctx, mfa, account))) return;
    await finish(ctx, {
      login: { accountId: account.id, amr: ['pwd'], acr: 'urn:pitboss:acr:pwd', remember: true },
    });
  };
}
