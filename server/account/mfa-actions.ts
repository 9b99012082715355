import type { Context } from 'koa';
import { accountCodesPage, accountEnrolPage, accountPage } from '../../views/account.ts';
import { passkeySection } from '../../views/account-passkeys.ts';
import type { SafeHtml } from '../../views/html.ts';
import type { PageMessage } from '../../views/i18n/translate.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { PasskeyService } from '../passkeys/passkey-service.ts';
import { accountMfaContext, field, signedIn } from './session.ts';

/** What the account page shows: TOTP and recovery-code state, and the player's passkeys. */
export interface AccountPageDeps {
  mfa: MfaService;
  passkeys?: PasskeyService | undefined;
}

const WRONG_CODE = 'account.mfa.wrongCode';
const LOCKED = 'account.mfa.locked';

/**
 * GET /account: MFA status, passkeys and the forms; `notice` and `error` are catalog messages
 * (views/i18n/en.ts).
 */
export function showAccount(deps: AccountPageDeps, notice?: PageMessage, error?: PageMessage) {
  return async function showAccount(ctx: Context) {
    const { account, csrf, ui } = signedIn(ctx);
    const nonce = String(ctx.state.cspNonce ?? '');
    ctx.type = 'html';
    ctx.body = accountPage(ui, {
      email: account.email,
      csrf,
      mfa: await deps.mfa.status(account.id),
      notice: notice && ui.t.message(notice),
      error: error && ui.t.message(error),
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

/** POST /account/mfa/enrol: shows the QR code and secret of a pending enrolment. */
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

/** POST /account/mfa/confirm: a valid code completes enrolment; the recovery codes are shown once. */
export function confirmEnrolment(deps: AccountPageDeps) {
  const { mfa } = deps;
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
function withCurrentCode(deps: AccountPageDeps, action: (ctx: Context) => Promise<void>) {
  return async function requireCurrentCode(ctx: Context) {
    const result = await deps.mfa.verify(accountMfaContext(ctx), field(ctx, 'code', 64));
    if (result.outcome === 'ok') return action(ctx);
    ctx.status = result.outcome === 'locked' ? 429 : 401;
    return showAccount(deps, undefined, result.outcome === 'locked' ? LOCKED : WRONG_CODE)(ctx);
  };
}

/** POST /account/mfa/recovery-codes: replaces every recovery code. */
export const regenerateCodes = (deps: AccountPageDeps) =>
  withCurrentCode(deps, async function regenerateCodes(ctx) {
    const codes = await deps.mfa.regenerateRecoveryCodes(accountMfaContext(ctx));
    ctx.type = 'html';
    ctx.body = accountCodesPage(signedIn(ctx).ui, codes);
  });

/** POST /account/mfa/remove: turns TOTP off. */
export const removeTotp = (deps: AccountPageDeps) =>
  withCurrentCode(deps, async function removeTotp(ctx) {
    await deps.mfa.remove(accountMfaContext(ctx));
    return showAccount(deps, 'account.mfa.removed')(ctx);
  });
