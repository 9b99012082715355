import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { AccountStore } from '../accounts/account-store.ts';
import { operatorRole } from '../accounts/operator-roles.ts';
import type { AdminActor } from './ports.ts';
import { ADMIN_CLIENT_ID, MFA_ACR } from './ui/admin-client.ts';

export const ADMIN_SCOPE = 'admin';

export interface RequireAdminDeps {
  provider: () => Provider;
  accounts: AccountStore;
}

/**
 * Resolves an opaque Pitboss access token to the operator it speaks for: a user token with scope admin that
 * the admin console's own client obtained after an MFA sign-in (acr mfa, recorded in the token when it was
 * issued: server/provider/token-acr.ts) for an active admin or support operator, or a client_credentials
 * token with scope admin of a still-registered client. Looked up in the token store, so a revoked token fails
 * at once. InvalidToken (401) / InsufficientScope (403).
 */
export async function resolveAdmin(deps: RequireAdminDeps, value: string): Promise<AdminActor> {
  const provider = deps.provider();
  const token = (await provider.AccessToken.find(value)) ?? (await provider.ClientCredentials.find(value));
  if (!token || token.isExpired) throw new errors.InvalidToken('token is unknown, revoked or expired');
  const client = await provider.Client.find(token.clientId!);
  if (!client) throw new errors.InvalidToken('token client is gone');
  const scopes = String(token.scope ?? '').split(' ');
  if (!scopes.includes(ADMIN_SCOPE))
    throw new errors.InsufficientScope('token lacks scope admin', ADMIN_SCOPE);
  // The client's scope as registered now, not when the token was issued: a client that lost `admin` loses
  // its live admin tokens at once (client changes reach every instance's cache through announcements).
  if (
    !String(client.scope ?? '')
      .split(' ')
      .includes(ADMIN_SCOPE)
  ) {
    throw new errors.InsufficientScope('token client no longer has scope admin', ADMIN_SCOPE);
  }
  const accountId = (token as { accountId?: string }).accountId;
  if (!accountId) return { kind: 'client', id: token.clientId!, role: 'admin' };
  if (token.clientId !== ADMIN_CLIENT_ID) {
    throw new errors.InsufficientScope(
      'user tokens reach the admin API only through the admin console',
      ADMIN_SCOPE,
    );
  }
  if ((token as { extra?: { acr?: unknown } }).extra?.acr !== MFA_ACR) {
    throw new errors.InsufficientScope('the admin API needs a sign-in with a second factor', ADMIN_SCOPE);
  }
  const account = await deps.accounts.findById(accountId);
  const role = account && operatorRole(account.roles);
  if (account?.status !== 'active' || !role) {
    throw new errors.InsufficientScope('account is not an active admin or support operator', ADMIN_SCOPE);
  }
  return { kind: 'account', id: account.id, email: account.email, role };
}

/** Bearer authentication for the admin API (RFC 6750); sets ctx.state.admin. */
export function requireAdmin(deps: RequireAdminDeps) {
  return async function requireAdmin(ctx: Context, next: Next) {
    const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(ctx.get('authorization'));
    if (!match || match[1]!.length > 1024) throw new errors.InvalidToken('a bearer access token is required');
    const admin = await resolveAdmin(deps, match[1]!);
    ctx.state.admin = { ...admin, ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined };
    await next();
  };
}
