import type { Context } from 'koa';
import type { AccountCommands } from '../accounts/account-commands.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import { passwordProblem } from '../accounts/password-strength.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { showAccount } from './mfa-actions.ts';
import { field, signedIn } from './session.ts';

/**
 * POST /account/password: asks for the current password, then sets the new one through the account commands:
 * every other session and grant of the account ends (back-channel logout to their RPs) and this one stays.
 */
export function changePassword(deps: {
  accounts: AccountStore;
  commands: AccountCommands;
  audit: AuditLog;
  mfa: MfaService;
}) {
  return async function changePassword(ctx: Context) {
    const { account, sessionUid, sessionId } = signedIn(ctx);
    const who = {
      accountId: account.id,
      sessionId: sessionUid,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
    };
    const current = field(ctx, 'current');
    const next = field(ctx, 'password');
    const ok = current && (await deps.accounts.authenticate(account.email, current));
    if (!ok) {
      await deps.audit.record({
        type: 'account.password_changed',
        outcome: 'failure',
        ...who,
        detail: { reason: 'current_password' },
      });
      ctx.status = 401;
      return showAccount(deps.mfa, undefined, 'account.password.wrongCurrent')(ctx);
    }
    const problem = passwordProblem(next, { email: account.email });
    if (problem) {
      ctx.status = 400;
      return showAccount(deps.mfa, undefined, problem)(ctx);
    }
    await deps.commands.changePassword(account.id, next, {
      surface: 'account',
      id: account.id,
      kind: 'player',
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
      keepSessionId: sessionId,
    });
    return showAccount(deps.mfa, 'account.password.changed')(ctx);
  };
}
