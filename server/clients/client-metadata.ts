import { randomBytes } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';
import { type BackchannelUriPolicy, STRICT_BACKCHANNEL_POLICY } from '../logout/backchannel-uri-policy.ts';
import { parseInput } from '../parse-input.ts';
import { isNativeRedirect, newClientSchema } from './client-rules.ts';
import { generateClientSecret, hashClientSecret } from './client-secret.ts';
import type { ClientPatch, NewClient } from './client-store.ts';

type Registration = ReturnType<ReturnType<typeof newClientSchema>['parse']>;

/** The metadata fields the registration rules decide, from validated input (shared by create and update). */
function registeredFields(c: Registration, isPublic: boolean): ClientMetadata {
  const native = isPublic && [...c.redirectUris, ...c.postLogoutRedirectUris].some(isNativeRedirect);
  return {
    client_id: '',
    client_name: c.name,
    application_type: native ? 'native' : 'web',
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris,
    grant_types: c.grantTypes,
    response_types: c.grantTypes.includes('authorization_code') ? ['code'] : [],
    scope: c.scope.join(' '),
    ...(c.backchannelLogoutUri && {
      backchannel_logout_uri: c.backchannelLogoutUri,
      backchannel_logout_session_required: true,
    }),
  };
}

/**
 * A new client's oidc-provider metadata, its id and (confidential clients) its secret, which exists in
 * plaintext only in this return value; the metadata holds its hash. InvalidInputError names a bad field.
 */
export function newClientMetadata(
  input: NewClient,
  policy: BackchannelUriPolicy = STRICT_BACKCHANNEL_POLICY,
): { metadata: ClientMetadata & { client_id: string }; clientSecret?: string; secretHash?: string } {
  const c = parseInput(newClientSchema(input.public === true, policy), input);
  const clientId = `pb_${randomBytes(16).toString('base64url')}`;
  const clientSecret = c.public ? undefined : generateClientSecret();
  const secretHash = clientSecret === undefined ? undefined : hashClientSecret(clientSecret);
  const metadata: ClientMetadata & { client_id: string } = {
    ...registeredFields(c, c.public),
    client_id: clientId,
    token_endpoint_auth_method: c.public ? 'none' : 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    ...(secretHash && { client_secret: secretHash }),
    ...(c.requireMfa && { require_mfa: true }),
    ...(c.firstParty && { first_party: true }),
    ...(c.brandId && { brand_id: c.brandId }),
    ...(c.sessionIdleTtl && { session_idle_ttl: c.sessionIdleTtl }),
    ...(c.sessionAbsoluteTtl && { session_absolute_ttl: c.sessionAbsoluteTtl }),
  };
  return { metadata, ...(clientSecret && secretHash && { clientSecret, secretHash }) };
}

/** The metadata after applying `patch` to `current` with the same registration rules as a new client. */
export function patchedClientMetadata(
  current: ClientMetadata,
  patch: ClientPatch,
  policy: BackchannelUriPolicy = STRICT_BACKCHANNEL_POLICY,
): ClientMetadata {
  const isPublic = current.token_endpoint_auth_method === 'none';
  const backchannel =
    patch.backchannelLogoutUri === null
      ? undefined
      : (patch.backchannelLogoutUri ?? current.backchannel_logout_uri);
  const c = parseInput(newClientSchema(isPublic, policy), {
    name: patch.name ?? current.client_name,
    redirectUris: patch.redirectUris ?? current.redirect_uris ?? [],
    postLogoutRedirectUris: patch.postLogoutRedirectUris ?? current.post_logout_redirect_uris ?? [],
    backchannelLogoutUri: backchannel,
    public: isPublic,
    grantTypes: patch.grantTypes ?? current.grant_types,
    scope: patch.scope ?? current.scope,
    // null takes the client out of its brand (its pages show the platform's look).
    brandId: patch.brandId === undefined ? current.brand_id : (patch.brandId ?? undefined),
  });
  const {
    backchannel_logout_uri: _uri,
    backchannel_logout_session_required: _required,
    brand_id: _brand,
    ...kept
  } = current;
  return {
    ...kept,
    ...registeredFields(c, isPublic),
    ...(c.brandId && { brand_id: c.brandId }),
    client_id: current.client_id,
  };
}
