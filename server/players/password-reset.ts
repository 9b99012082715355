import type { PageMessage } from '../../views/i18n/translate.ts';
import { passwordResetMail } from '../../views/mail/mails.ts';
import type { Ui } from '../../views/ui.ts';
import { hashLinkToken, newLinkToken } from '../accounts/account-tokens.ts';
import { passwordProblem } from '../accounts/password-strength.ts';
import { linkContext, type PlayerAccount, type RequestInfo, type SelfServiceDeps } from './ports.ts';

/**
 * "Forgot password?": for an active account, a single-use reset link (only its hash stored, older links
 * revoked) goes out by mail. The caller shows the same page whatever happened; the work done for an unknown
 * address is the same database round trips minus the mail, which is queued, not sent, in the request.
 */
export async function requestPasswordReset(
  deps: SelfServiceDeps,
  email: string,
  ui: Ui,
  who: RequestInfo,
): Promise<'sent' | 'limited'> {
  const address = email.trim().toLowerCase().slice(0, 254);
  const [byEmail, byIp] = await Promise.all([
    deps.throttle.email(`reset:${address}`),
    deps.throttle.ip(`reset:${who.ip}`),
  ]);
  if (!byEmail || !byIp) return 'limited';
  const account = await deps.accounts.findByEmail(address);
  await deps.audit.record({
    type: 'account.password_reset_requested',
    outcome: account?.status === 'active' ? 'success' : 'failure',
    accountId: account?.id,
    ...who,
    detail: account ? {} : { email: address },
  });
  if (account?.status !== 'active') return 'sent';
  await sendResetLink(deps, account, ui, who.clientId);
  return 'sent';
}

/**
 * Mails the account a fresh single-use reset link (only its hash stored; older links revoked). The player's
 * "Forgot password?" and an operator's `POST /admin/api/users/:id/password-reset` both come here.
 * Resolves with when the link expires.
 */
export async function sendResetLink(
  deps: Pick<SelfServiceDeps, 'issuer' | 'tokens' | 'mailer' | 'resetTokenTtl'>,
  account: Pick<PlayerAccount, 'id' | 'email'>,
  ui: Ui,
  clientId?: string | undefined,
): Promise<Date> {
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(Date.now() + deps.resetTokenTtl * 1000);
  await deps.tokens.revokeAll(account.id, 'password_reset');
  await deps.tokens.issue({ accountId: account.id, purpose: 'password_reset', tokenHash: hash, expiresAt });
  const link = `${deps.issuer}/reset-password?token=${token}&${linkContext(ui, clientId)}`;
  await deps.mailer.send({
    kind: 'password_reset',
    to: account.email,
    ...passwordResetMail(ui, link, deps.resetTokenTtl),
  });
  return expiresAt;
}

/** The account a live reset link belongs to (the page shows its form only then), without using the link. */
export async function resetLinkAccount(
  deps: SelfServiceDeps,
  token: string,
): Promise<PlayerAccount | undefined> {
  const grant =
    token.length <= 100 ? await deps.tokens.peek('password_reset', hashLinkToken(token)) : undefined;
  return grant && deps.accounts.findById(grant.accountId);
}

export type ResetOutcome =
  | { outcome: 'done' }
  | { outcome: 'invalid_link' }
  | { outcome: 'refused'; message: PageMessage };

/**
 * Sets the new password from a reset link: the policy first (a weak password leaves the link usable), then the
 * link is used up, and the account command ends every session and grant (RPs told), audits and mails the
 * player that their password changed. The verified mailbox also verifies the email.
 */
export async function completePasswordReset(
  deps: SelfServiceDeps,
  token: string,
  password: string,
  ui: Ui,
  who: RequestInfo,
): Promise<ResetOutcome> {
  const account = await resetLinkAccount(deps, token);
  if (!account) return { outcome: 'invalid_link' };
  const problem = passwordProblem(password, { email: account.email });
  if (problem) return { outcome: 'refused', message: problem };
  const grant = await deps.tokens.consume('password_reset', hashLinkToken(token));
  if (!grant) return { outcome: 'invalid_link' };
  await deps.accounts.resetPassword(grant.accountId, password, who, ui);
  await deps.tokens.revokeAll(grant.accountId, 'password_reset');
  if (!account.emailVerified) await deps.accounts.markEmailVerified(grant.accountId);
  return { outcome: 'done' };
}
