/**
 * /account signs a player in through Pitboss itself, as this first-party public client (registered at every
 * start, like the admin console's), so the page is reachable on its own: without a session it starts a
 * sign-in and comes back.
 */
export const ACCOUNT_CLIENT_ID = 'pitboss-account';

export function accountCallbackUri(issuer: string): string {
  return `${issuer}/account/callback`;
}

/** The client's metadata for `clients.ensure`. */
export function accountClientMetadata(issuer: string): Record<string, unknown> {
  return {
    client_id: ACCOUNT_CLIENT_ID,
    client_name: 'Your account',
    application_type: 'web',
    redirect_uris: [accountCallbackUri(issuer)],
    post_logout_redirect_uris: [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    scope: 'openid',
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'RS256',
    first_party: true,
  };
}
