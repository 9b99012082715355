import { hashClientSecret } from '../../clients/client-secret.ts';
import type { ClientStore } from '../../clients/client-store.ts';
import { deriveSecret } from '../../keys/derive-secret.ts';

/** The admin UI is an OIDC client of Pitboss itself, registered under this fixed id at every start. */
export const ADMIN_CLIENT_ID = 'pitboss-admin';
export const ADMIN_SCOPE_REQUEST = 'openid email admin';
export const MFA_ACR = 'urn:pitboss:acr:mfa';
/**
 * The admin UI insists on a two-factor sign-in: the ID token must carry amr `otp` and acr
 * urn:pitboss:acr:mfa. acr_values asks for it, so the MFA policy prompts (or makes the admin enrol).
 */
export const REQUIRE_MFA = true;

/**
 * The client secret, derived from the first cookie key (HKDF with its own label) so that every instance
 * sharing COOKIE_KEYS registers the same one without storing a plaintext anywhere.
 */
export function adminClientSecret(cookieKeys: readonly string[]): string {
  return deriveSecret(cookieKeys[0]!, 'admin console client secret').toString('base64url');
}

export function adminRedirectUri(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/admin/callback`;
}

/** Creates or refreshes the admin UI client (redirect URI follows ISSUER; secret follows the cookie keys). */
export async function ensureAdminClient(
  clients: Pick<ClientStore, 'ensure'>,
  issuer: string,
  cookieKeys: readonly string[],
): Promise<void> {
  await clients.ensure({
    client_id: ADMIN_CLIENT_ID,
    client_name: 'Pitboss admin',
    application_type: 'web',
    redirect_uris: [adminRedirectUri(issuer)],
    post_logout_redirect_uris: [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    scope: ADMIN_SCOPE_REQUEST,
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    client_secret: hashClientSecret(adminClientSecret(cookieKeys)),
  });
}
