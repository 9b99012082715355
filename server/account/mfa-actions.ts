import type { Context } from 'koa';
import { accountCodesPage, accountEnrolPage, accountPage } from '../../views/account.ts';
import { passkeySection } from '../../views/account-passkeys.ts';
import type { SafeHtml } from '../../views/html.ts';
import type { PageMessage } from '../../views/i18n/translate.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { PasskeyService } from '../passkeys/passkey-service.ts';
import type { FactorChangeNotifier } from './factor-mail.ts';
import { accountMfaContext, field, signedIn } from './session.ts';

/** What the account page shows: TOTP and recovery-code state, and the player's passkeys. */
export interface AccountPageDeps {
  mfa: MfaService;
  passkeys?: PasskeyService | undefined;
  /** Tells the player by mail when a factor changed (server/account/factor-mail.ts); absent: no mail. */
  notify?: FactorChangeNotifier | undefined;
}

const WRONG_CODE = 'account.mfa.wrongCode';
const LOCKED = 'account.mfa.locked';

/** A message on the account page: a catalog message (views/i18n/en.ts), or text already in the page's language. */
export type AccountMessage = PageMessage | { readonly text: string };

/** GET /account: MFA status, passkeys and the forms, with an optional notice and error. */
export function showAccount(deps: AccountPageDeps, notice?: AccountMessage, error?: AccountMessage) {
  return async function showAccount(ctx: Context) {
    const { account, csrf, ui } = signedIn(ctx);
    const nonce = String(ctx.state.cspNonce ?? '');
    const say = (m: AccountMessage | undefined) =>
      m === undefined ? undefined : typeof m === 'object' && 'text' in m ? m.text : ui.t.message(m);
    ctx.type = 'html';
    ctx.body = accountPage(ui, {
      email: account.email,
      csrf,
      mfa: await deps.mfa.status(account.id),
      notice: say(notice),
      error: say(error),
      // The passkey section, then sections other capabilities add before this step (e.g. Responsible gambling,
      // server/rg/account-rg-routes.ts).
      sections: [
        ...(deps.passkeys
          ? [passkeySection(ui, { csrf, nonce, passkeys: await deps.passkeys.list(account.id) })]
          : []),
        ...((ctx.state.accountSections as SafeHtml[] | undefined) ?? []),
      ],
    });
  };
}

/** POST /account/mfa/enrol (behind requireReauth): shows the QR code and secret of a pending enrolment. */
export function beginEnrolment(deps: AccountPageDeps) {
  const { mfa } = deps;
  return async function beginEnrolment(ctx: Context) {
    const { account, csrf, ui } = signedIn(ctx);
    if ((await mfa.status(account.id)).totp) return showAccount(deps, 'account.mfa.already')(ctx);
    ctx.type = 'html';
    ctx.body = accountEnrolPage(ui, {
      csrf,
      ...(await mfa.beginEnrolment(account, accountMfaContext(ctx).flowId)),
    });
  };
}

/** POST /account/mfa/confirm (behind requireReauth, recent from the enrolment): a valid code completes enrolment; the recovery codes are shown once. */
export function confirmEnrolment(deps: AccountPageDeps) {
  const { mfa } = deps;
  return async function confirmEnrolment(ctx: Context) {
    const { account, csrf, ui } = signedIn(ctx);
    const result = await mfa.confirmEnrolment(accountMfaContext(ctx), field(ctx, 'code', 64));
    if (result.outcome === 'enrolled') {
      await deps.notify?.(ctx, 'totp_added');
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

/** POST /account/mfa/recovery-codes (behind requireReauth): replaces every recovery code. */
export function regenerateCodes(deps: AccountPageDeps) {
  return async function regenerateCodes(ctx: Context) {
    const codes = await deps.mfa.regenerateRecoveryCodes(accountMfaContext(ctx));
    await deps.notify?.(ctx, 'recovery_codes');
    ctx.type = 'html';
    ctx.body = accountCodesPage(signedIn(ctx).ui, codes);
  };
}

/** POST /account/mfa/remove (behind requireReauth): turns TOTP off. */
export function removeTotp(deps: AccountPageDeps) {
  return async function removeTotp(ctx: Context) {
    if (!(await deps.mfa.status(signedIn(ctx).account.id)).totp) return showAccount(deps)(ctx);
    await deps.mfa.remove(accountMfaContext(ctx));
    await deps.notify?.(ctx, 'totp_removed');
    return showAccount(deps, 'account.mfa.removed')(ctx);
  };
}
