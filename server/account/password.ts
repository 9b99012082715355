import type { Context } from 'koa';
import type { AccountCommands } from '../accounts/account-commands.ts';
import { passwordProblem } from '../accounts/password-strength.ts';
import { tooManyAttempts } from '../interactions/limit-login.ts';
import { type CurrentPasswordDeps, checkCurrentPassword } from './current-password.ts';
import { type AccountPageDeps, showAccount } from './mfa-actions.ts';
import { field, signedIn } from './session.ts';

/**
 * POST /account/password: asks for the current password (counted by the sign-in limiter), then sets the new
 * one through the account commands: every other session and grant of the account ends (back-channel logout
 * to their RPs), this one stays, and the player is mailed in the page's language.
 */
export function changePassword(deps: AccountPageDeps & CurrentPasswordDeps & { commands: AccountCommands }) {
  return async function changePassword(ctx: Context) {
    const { account, sessionUid, sessionId, ui } = signedIn(ctx);
    const next = field(ctx, 'password');
    const check = await checkCurrentPassword(ctx, deps, field(ctx, 'current'));
    if (check.outcome !== 'ok') {
      await deps.audit.record({
        type: 'account.password_changed',
        outcome: 'failure',
        accountId: account.id,
        sessionId: sessionUid,
        ip: ctx.ip,
        userAgent: ctx.get('user-agent'),
        detail: { reason: check.outcome === 'locked' ? 'locked' : 'current_password' },
      });
      if (check.outcome === 'locked') {
        ctx.status = 429;
        return showAccount(deps, undefined, { text: tooManyAttempts(ui.t, check.retryAfter) })(ctx);
      }
      ctx.status = 401;
      return showAccount(deps, undefined, 'account.password.wrongCurrent')(ctx);
    }
    const problem = passwordProblem(next, { email: account.email });
    if (problem) {
      ctx.status = 400;
      return showAccount(deps, undefined, problem)(ctx);
    }
    await deps.commands.changePassword(account.id, next, {
      surface: 'account',
      id: account.id,
      kind: 'player',
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
      keepSessionId: sessionId,
      ui,
    });
    return showAccount(deps, 'account.password.changed')(ctx);
  };
}
