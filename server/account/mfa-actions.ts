import type { Context } from 'koa';
import { accountCodesPage, accountEnrolPage, accountPage } from '../../views/account.ts';
import type { SafeHtml } from '../../views/html.ts';
import type { PageMessage } from '../../views/i18n/translate.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { accountMfaContext, field, signedIn } from './session.ts';

const WRONG_CODE = 'account.mfa.wrongCode';
const LOCKED = 'account.mfa.locked';

/** GET /account: MFA status and the forms; `notice` and `error` are catalog messages (views/i18n/en.ts). */
export function showAccount(mfa: MfaService, notice?: PageMessage, error?: PageMessage) {
  return async function showAccount(ctx: Context) {
    const { account, csrf, ui } = signedIn(ctx);
    ctx.type = 'html';
    ctx.body = accountPage(ui, {
      email: account.email,
      csrf,
      mfa: await mfa.status(account.id),
      notice: notice && ui.t.message(notice),
      error: error && ui.t.message(error),
      // Sections other capabilities add before this step (e.g. Responsible gambling, server/rg/account-rg-routes.ts).
      sections: ctx.state.accountSections as SafeHtml[] | undefined,
    });
  };
}

/** POST /account/mfa/enrol: shows the QR code and secret of a pending enrolment. */
export function beginEnrolment(mfa: MfaService) {
  return async function beginEnrolment(ctx: Context) {
    const { account, csrf, ui } = signedIn(ctx);
    if ((await mfa.status(account.id)).enrolled) return showAccount(mfa, 'account.mfa.already')(ctx);
    ctx.type = 'html';
    ctx.body = accountEnrolPage(ui, {
      csrf,
      ...(await mfa.beginEnrolment(account, accountMfaContext(ctx).flowId)),
    });
  };
}

/** POST /account/mfa/confirm: a valid code completes enrolment; the recovery codes are shown once. */
export function confirmEnrolment(mfa: MfaService) {
  return async function confirmEnrolment(ctx: Context) {
    const { account, csrf, ui } = signedIn(ctx);
    const result = await mfa.confirmEnrolment(accountMfaContext(ctx), field(ctx, 'code', 64));
    if (result.outcome === 'enrolled') {
      ctx.type = 'html';
      ctx.body = accountCodesPage(ui, result.recoveryCodes);
      return;
    }
    ctx.status = result.outcome === 'locked' ? 429 : 401;
    ctx.type = 'html';
    ctx.body = accountEnrolPage(ui, {
      csrf,
      ...(await mfa.beginEnrolment(account, accountMfaContext(ctx).flowId)),
      error: ui.t(result.outcome === 'locked' ? LOCKED : WRONG_CODE),
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
    ctx.body = accountCodesPage(signedIn(ctx).ui, codes);
  });

/** POST /account/mfa/remove: turns TOTP off. */
export const removeTotp = (mfa: MfaService) =>
  withCurrentCode(mfa, async function removeTotp(ctx) {
    await mfa.remove(accountMfaContext(ctx));
    return showAccount(mfa, 'account.mfa.removed')(ctx);
  });
