import type { Context } from 'koa';
import { accountCodesPage } from '../../views/account.ts';
import type { AccountCommands, CommandActor } from '../accounts/account-commands.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { PasskeyService } from '../passkeys/passkey-service.ts';
import { showAccount } from './mfa-actions.ts';
import { REAUTH_FAILED, REAUTH_LOCKED, reauthenticate } from './reauth.ts';
import { accountMfaContext, field, signedIn } from './session.ts';

export type PasskeyAccountDeps = {
  accounts: AccountStore;
  mfa: MfaService;
  audit: AuditLog;
  passkeys: PasskeyService;
  commands: AccountCommands;
};

/** The player acting on their own account from /account (the account-command path's actor). */
const player = (ctx: Context): CommandActor => ({
  surface: 'account',
  id: signedIn(ctx).account.id,
  kind: 'player',
  ip: ctx.ip,
  userAgent: ctx.get('user-agent'),
});

const who = (ctx: Context) => {
  const { flowId: _flow, accountId: _account, ...actor } = accountMfaContext(ctx);
  return actor;
};
const binding = (ctx: Context) => `account:${signedIn(ctx).sessionUid}`;

/**
 * POST /account/passkeys/options: after re-authentication, registration options whose challenge is bound to
 * this session; so only a ceremony started by a re-authenticated player can add a passkey.
 */
export function passkeyRegistrationOptions(deps: PasskeyAccountDeps) {
  return async function passkeyRegistrationOptions(ctx: Context) {
    const outcome = await reauthenticate(ctx, deps, 'passkey.add');
    ctx.type = 'json';
    if (outcome !== 'ok') {
      ctx.status = outcome === 'locked' ? 429 : 401;
      ctx.body = { error: signedIn(ctx).ui.t(outcome === 'locked' ? REAUTH_LOCKED : REAUTH_FAILED) };
      return;
    }
    ctx.body = await deps.passkeys.registrationOptions(signedIn(ctx).account, binding(ctx));
  };
}

/**
 * POST /account/passkeys: stores the new passkey. A player whose first second factor this is gets recovery
 * codes (shown once), the fallback when the device with the passkey is lost.
 */
export function addPasskey(deps: PasskeyAccountDeps) {
  return async function addPasskey(ctx: Context) {
    const { account } = signedIn(ctx);
    const result = await deps.passkeys.add(
      account.id,
      binding(ctx),
      field(ctx, 'response', 64 * 1024),
      field(ctx, 'name', 64),
      who(ctx),
      // Adding a factor is an account command (audited with surface and actor, version cache refreshed).
      async (passkey) => {
        try {
          await deps.commands.addPasskey(account.id, passkey, player(ctx));
          return true;
        } catch (error) {
          if (error instanceof ConflictError) return false;
          throw error;
        }
      },
    );
    if (result.outcome !== 'added') {
      ctx.status = 400;
      return showAccount(deps, undefined, 'account.passkeys.notAdded')(ctx);
    }
    const added = { key: 'account.passkeys.added', params: { name: result.passkey.name } } as const;
    const status = await deps.mfa.status(account.id);
    if (!status.totp && status.recoveryCodesLeft === 0) {
      const codes = await deps.mfa.regenerateRecoveryCodes(accountMfaContext(ctx));
      const { ui } = signedIn(ctx);
      ctx.type = 'html';
      ctx.body = accountCodesPage(ui, codes, ui.t.message(added));
      return;
    }
    return showAccount(deps, added)(ctx);
  };
}

/** POST /account/passkeys/remove: removes one passkey after re-authentication. */
export function removePasskey(deps: PasskeyAccountDeps) {
  return async function removePasskey(ctx: Context) {
    const outcome = await reauthenticate(ctx, deps, 'passkey.remove');
    if (outcome !== 'ok') {
      ctx.status = outcome === 'locked' ? 429 : 401;
      return showAccount(deps, undefined, outcome === 'locked' ? REAUTH_LOCKED : REAUTH_FAILED)(ctx);
    }
    const accountId = signedIn(ctx).account.id;
    // Removing a factor is an account command too.
    const removed = await deps.passkeys.remove(
      accountId,
      field(ctx, 'credential', 1024),
      who(ctx),
      async (id) => {
        try {
          return { id, name: (await deps.commands.removePasskey(accountId, id, player(ctx))).name };
        } catch (error) {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }
      },
    );
    if (!removed) {
      ctx.status = 404;
      return showAccount(deps, undefined, 'account.passkeys.notFound')(ctx);
    }
    return showAccount(deps, { key: 'account.passkeys.removed', params: { name: removed.name } })(ctx);
  };
}
