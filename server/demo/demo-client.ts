/** The demo casino app is a first-party public client of this Pitboss, registered at every development start. */
export const DEMO_CLIENT_ID = 'pitboss-demo';
/** `rg`: the lobby reads /rg/status (previous sign-in) and acknowledges reality checks, as a casino app would. */
export const DEMO_SCOPE = 'openid email offline_access rg';

/** The client's metadata for `clients.ensure` (redirects follow ISSUER). */
export function demoClientMetadata(issuer: string): Record<string, unknown> {
  return {
    client_id: DEMO_CLIENT_ID,
    client_name: 'Pitboss demo casino',
    application_type: 'web',
    redirect_uris: [`${issuer}/demo/callback`],
    post_logout_redirect_uris: [`${issuer}/demo`],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: DEMO_SCOPE,
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'RS256',
    first_party: true,
  };
}
