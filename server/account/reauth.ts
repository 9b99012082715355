import type { Context } from 'koa';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { accountMfaContext, field, signedIn } from './session.ts';

export const REAUTH_FAILED = 'account.reauth.failed';
export const REAUTH_LOCKED = 'account.reauth.locked';

export type ReauthOutcome = 'ok' | 'invalid' | 'locked';

/**
 * Re-authentication before a factor change: the `reauth` field holds the account's password or a current
 * 6-digit authentication code (counted by the MFA attempt limits). Failures are audited.
 */
export async function reauthenticate(
  ctx: Context,
  deps: { accounts: AccountStore; mfa: MfaService; audit: AuditLog },
  purpose: string,
): Promise<ReauthOutcome> {
  const { account, sessionUid } = signedIn(ctx);
  const secret = field(ctx, 'reauth');
  let outcome: ReauthOutcome = 'invalid';
  if (/^\d{6}$/.test(secret.replace(/\s/g, ''))) {
    const result = await deps.mfa.verify(accountMfaContext(ctx), secret);
    outcome = result.outcome === 'ok' ? 'ok' : result.outcome;
  } else if (secret) {
    const same = await deps.accounts.authenticate(account.email, secret);
    outcome = same?.id === account.id ? 'ok' : 'invalid';
  }
  await deps.audit.record({
    type: 'account.reauth',
    outcome: outcome === 'ok' ? 'success' : 'failure',
    accountId: account.id,
    sessionId: sessionUid,
    ip: ctx.ip,
    userAgent: ctx.get('user-agent'),
    detail: { purpose, ...(outcome !== 'ok' && { reason: outcome }) },
  });
  return outcome;
}
