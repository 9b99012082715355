import type { Context } from 'koa';
import { accountCodesPage } from '../../views/account.ts';
import type { AccountCommands, CommandActor } from '../accounts/account-commands.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { PasskeyService } from '../passkeys/passkey-service.ts';
import { type AccountPageDeps, showAccount } from './mfa-actions.ts';
import { accountMfaContext, field, signedIn } from './session.ts';

export type PasskeyAccountDeps = AccountPageDeps & {
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
 * POST /account/passkeys/options (behind requireReauth): registration options whose challenge is bound to
 * this session; so only a ceremony started by a re-authenticated player can add a passkey.
 */
export function passkeyRegistrationOptions(deps: PasskeyAccountDeps) {
  return async function passkeyRegistrationOptions(ctx: Context) {
    ctx.type = 'json';
    ctx.body = await deps.passkeys.registrationOptions(signedIn(ctx).account, binding(ctx));
  };
}

/**
 * POST /account/passkeys (behind requireReauth, recent from the options step): stores the new passkey. A player whose first second factor this is gets recovery
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
    await deps.notify?.(ctx, 'passkey_added');
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

/** POST /account/passkeys/remove (behind requireReauth): removes one passkey. */
export function removePasskey(deps: PasskeyAccountDeps) {
  return async function removePasskey(ctx: Context) {
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
    await deps.notify?.(ctx, 'passkey_removed');
    return showAccount(deps, { key: 'account.passkeys.removed', params: { name: removed.name } })(ctx);
  };
}
