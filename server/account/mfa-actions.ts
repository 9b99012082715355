import type { Context } from 'koa';
import { accountCodesPage, accountEnrolPage, accountPage } from '../../views/account.ts';
import type { SafeHtml } from '../../views/html.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { accountMfaContext, field, signedIn } from './session.ts';

const WRONG_CODE = 'That code did not work. Enter the current code from your authenticator app.';
const LOCKED = 'Too many wrong codes. Try again in 15 minutes.';

/** GET /account: MFA status and the forms. */
export function showAccount(mfa: MfaService, notice?: string, error?: string) {
  return async function showAccount(ctx: Context) {
    const { account, csrf } = signedIn(ctx);
    ctx.type = 'html';
    const sections = ctx.state.accountSections as SafeHtml[] | undefined;
    ctx.body = accountPage({
      email: account.email,
      csrf,
      mfa: await mfa.status(account.id),
      notice,
      error,
      sections,
    });
  };
}

/** POST /account/mfa/enrol: shows the QR code and secret of a pending enrolment. */
export function beginEnrolment(mfa: MfaService) {
  return async function beginEnrolment(ctx: Context) {
    const { account, csrf } = signedIn(ctx);
    if ((await mfa.status(account.id)).enrolled)
      return showAccount(mfa, 'Two-step verification is already on.')(ctx);
    ctx.type = 'html';
    ctx.body = accountEnrolPage({ csrf, ...(await mfa.beginEnrolment(account)) });
  };
}

/** POST /account/mfa/confirm: a valid code completes enrolment; the recovery codes are shown once. */
export function confirmEnrolment(mfa: MfaService) {
  return async function confirmEnrolment(ctx: Context) {
    const { account, csrf } = signedIn(ctx);
    const result = await mfa.confirmEnrolment(accountMfaContext(ctx), field(ctx, 'code', 64));
    if (result.outcome === 'enrolled') {
      ctx.type = 'html';
      ctx.body = accountCodesPage(result.recoveryCodes);
      return;
    }
    ctx.status = result.outcome === 'locked' ? 429 : 401;
    ctx.type = 'html';
    ctx.body = accountEnrolPage({
      csrf,
      ...(await mfa.beginEnrolment(account)),
      error: result.outcome === 'locked' ? LOCKED : WRONG_CODE,
    });
  };
}

/** A sensitive MFA change proceeds only after a current code (TOTP or recovery) checks out. */
function withCurrentCode(mfa: MfaService, action: (ctx: Context) => Promise<void>) {
  return async function requireCurrentCode(ctx: Context) {
    const result = await mfa.verify(accountMfaContext(ctx), field(ctx, 'code', 64));
    if (result.outcome === 'ok') return action(ctx);
    ctx.status = result.outcome === 'locked' ? 429 : 401;
    return showAccount(mfa, undefined, result.outcome === 'locked' ? LOCKED : WRONG_CODE)(ctx);
  };
}

/** POST /account/mfa/recovery-codes: replaces every recovery code. */
export const regenerateCodes = (mfa: MfaService) =>
  withCurrentCode(mfa, async function regenerateCodes(ctx) {
    const codes = await mfa.regenerateRecoveryCodes(accountMfaContext(ctx));
    ctx.type = 'html';
    ctx.body = accountCodesPage(codes);
  });

/** POST /account/mfa/remove: turns TOTP off. */
export const removeTotp = (mfa: MfaService) =>
  withCurrentCode(mfa, async function removeTotp(ctx) {
    await mfa.remove(accountMfaContext(ctx));
    return showAccount(mfa, 'Two-step verification is off.')(ctx);
  });
