import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { ADMIN_CLIENT_ID } from '../admin/ui/admin-client.ts';

/** Scopes only the casino's own (first-party) apps may be granted: `rg` changes responsible-gambling limits. */
export const FIRST_PARTY_SCOPES = new Set(['rg']);

/**
 * Scopes only an account holding one of the listed roles may be granted, and only through the listed clients:
 * `admin` through the admin console's own client (which insists on MFA), never a studio's code flow, whatever
 * its registration says. Support staff use the console too. Service clients get `admin` by client_credentials,
 * which does not come through here.
 */
export const ROLE_SCOPES: Readonly<Record<string, { roles: readonly string[]; clients: readonly string[] }>> =
  {
    admin: { roles: ['admin', 'support'], clients: [ADMIN_CLIENT_ID] },
  };

type ClientLike = { clientId: string; metadata(): Record<string, unknown> } | undefined;

/** Whether a client is one of the casino's own apps (`pitboss client add --first-party`). */
export function isFirstParty(client: ClientLike): boolean {
  return client?.metadata().first_party === true;
}

/** Client metadata Pitboss adds: `first_party` (boolean) and `brand_id` (a brand's id). */
export const brandingMetadata = {
  properties: ['first_party', 'brand_id'],
  validator(_ctx: unknown, key: string, value: unknown) {
    if (key === 'first_party' && value !== undefined && typeof value !== 'boolean') {
      throw new errors.InvalidClientMetadata('first_party must be a boolean');
    }
    if (
      key === 'brand_id' &&
      value !== undefined &&
      (typeof value !== 'string' || !/^brand_[0-9a-f]{12}$/.test(value))
    ) {
      throw new errors.InvalidClientMetadata('brand_id must be a brand id (brand_ and 12 hex characters)');
    }
  },
};

/** Whether this account may be granted this role-bound scope through this client. */
function roleScopeAllowed(scope: string, client: ClientLike, roles: readonly string[]): boolean {
  const rule = ROLE_SCOPES[scope];
  if (!rule) return true;
  return (
    !!client && rule.clients.includes(client.clientId) && rule.roles.some((role) => roles.includes(role))
  );
}

/** The scopes of a request this account may be granted by this client (role- and first-party-bound ones dropped). */
export function grantableScopes(
  scopes: readonly string[],
  client: ClientLike,
  roles: readonly string[],
): string[] {
  return scopes.filter(
    (s) => roleScopeAllowed(s, client, roles) && (!FIRST_PARTY_SCOPES.has(s) || isFirstParty(client)),
  );
}

/**
 * oidc-provider's `loadExistingGrant`: the session's grant for this client, and for a first-party client a
 * grant covering what it asks for (no consent page: the casino does not ask players to trust itself).
 * Scopes the account may not have (admin without the role) are left out, so the provider still refuses them.
 */
export function loadExistingGrant(rolesOf: (accountId: string) => Promise<readonly string[]>) {
  return async function loadExistingGrant(ctx: KoaContextWithOIDC) {
    const { client, session, provider } = ctx.oidc;
    const grantId = ctx.oidc.result?.consent?.grantId || (client && session?.grantIdFor(client.clientId));
    const existing = grantId ? await provider.Grant.find(grantId) : undefined;
    if (!client || !session?.accountId || !isFirstParty(client)) return existing;
    const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    const requested = String(ctx.oidc.params?.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const allowed = grantableScopes(requested, client, await rolesOf(session.accountId));
    const missing = allowed.filter((s) => !grant.getOIDCScope().split(' ').includes(s));
    if (missing.length === 0 && existing) return existing;
    grant.addOIDCScope(allowed.join(' '));
    const claims = ctx.oidc.claims as
      | { id_token?: Record<string, unknown>; userinfo?: Record<string, unknown> }
      | undefined;
    const requestedClaims = [...Object.keys(claims?.id_token ?? {}), ...Object.keys(claims?.userinfo ?? {})];
    if (requestedClaims.length) grant.addOIDCClaims(requestedClaims);
    await grant.save();
    return grant;
  };
}
