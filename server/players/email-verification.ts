import { verifyEmailMail } from '../../views/mail/mails.ts';
import type { Ui } from '../../views/ui.ts';
import { hashLinkToken, newLinkToken } from '../accounts/account-tokens.ts';
import { linkContext, type PlayerAccount, type RequestInfo, type SelfServiceDeps } from './ports.ts';

/**
 * Issues a single-use verification link (older ones stop working) and queues its mail. `continueUrl` is the
 * authorization request the registration began in, so the verified player can go on signing in.
 */
export async function sendVerification(
  deps: SelfServiceDeps,
  account: PlayerAccount,
  ui: Ui,
  options: { clientId?: string | undefined; continueUrl?: string | undefined },
): Promise<void> {
  const { token, hash } = newLinkToken();
  await deps.tokens.revokeAll(account.id, 'verify_email');
  await deps.tokens.issue({
    accountId: account.id,
    purpose: 'verify_email',
    tokenHash: hash,
    expiresAt: new Date(Date.now() + deps.verifyTokenTtl * 1000),
    continueUrl: options.continueUrl,
  });
  const link = `${deps.issuer}/verify-email?token=${token}&${linkContext(ui, options.clientId)}`;
  await deps.mailer.send({
    kind: 'verify_email',
    to: account.email,
    ...verifyEmailMail(ui, link, deps.verifyTokenTtl),
  });
}

/** Follows a verification link: marks the email verified once; undefined when the link is used, expired or unknown. */
export async function verifyEmail(
  deps: SelfServiceDeps,
  token: string,
  who: RequestInfo,
): Promise<{ continueUrl: string | null } | undefined> {
  const grant =
    token.length <= 100 ? await deps.tokens.consume('verify_email', hashLinkToken(token)) : undefined;
  if (!grant) {
    await deps.audit.record({
      type: 'account.email_verified',
      outcome: 'failure',
      ...who,
      detail: { reason: 'invalid_link' },
    });
    return undefined;
  }
  await deps.accounts.markEmailVerified(grant.accountId);
  await deps.audit.record({
    type: 'account.email_verified',
    outcome: 'success',
    accountId: grant.accountId,
    ...who,
  });
  return { continueUrl: grant.continueUrl };
}

/**
 * "Send a new link" for an unverified account (from the login page after the right password, so only the
 * account's owner reaches it). Limited per address and per IP; answers the same whether or not a mail went.
 */
export async function resendVerification(
  deps: SelfServiceDeps,
  email: string,
  ui: Ui,
  who: RequestInfo & { continueUrl?: string | undefined },
): Promise<'sent' | 'limited'> {
  const key = email.trim().toLowerCase();
  const [byEmail, byIp] = await Promise.all([
    deps.throttle.email(`verify:${key}`),
    deps.throttle.ip(`verify:${who.ip}`),
  ]);
  if (!byEmail || !byIp) return 'limited';
  const account = await deps.accounts.findByEmail(key);
  if (account && !account.emailVerified && account.status === 'active') {
    await sendVerification(deps, account, ui, { clientId: who.clientId, continueUrl: who.continueUrl });
  }
  return 'sent';
}
