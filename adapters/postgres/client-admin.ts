import type { ClientMetadata } from 'oidc-provider';
import type pg from 'pg';
import type { ClientPatch } from '../../server/admin/ports.ts';
import {
  type BackchannelUriPolicy,
  STRICT_BACKCHANNEL_POLICY,
} from '../../server/logout/backchannel-uri-policy.ts';
import { isNativeRedirect, newClientSchema } from './client-rules.ts';
import { parseInput } from './parse-input.ts';

/** Client changes the ClientStore interface does not cover: metadata updates and the internal admin client. */
export interface ClientAdmin {
  /** Applies a patch with the registration rules; undefined when no such client. InvalidInputError on bad input. */
  update(clientId: string, patch: ClientPatch): Promise<ClientMetadata | undefined>;
  /** Creates or replaces a client with a fixed id (Pitboss's own admin UI client). */
  ensure(metadata: ClientMetadata & { client_id: string }): Promise<void>;
}

/** ClientAdmin on the clients table. */
export function createClientAdmin(
  pool: pg.Pool,
  uriPolicy: BackchannelUriPolicy = STRICT_BACKCHANNEL_POLICY,
): ClientAdmin {
  return {
    async update(clientId, patch) {
      const { rows } = await pool.query<{ metadata: ClientMetadata }>(
        'select metadata from clients where client_id = $1',
        [clientId],
      );
      const current = rows[0]?.metadata;
      if (!current) return undefined;
      const isPublic = current.token_endpoint_auth_method === 'none';
      const backchannel =
        patch.backchannelLogoutUri === null
          ? undefined
          : (patch.backchannelLogoutUri ?? current.backchannel_logout_uri);
      const c = parseInput(newClientSchema(isPublic, uriPolicy), {
        name: patch.name ?? current.client_name,
        redirectUris: patch.redirectUris ?? current.redirect_uris ?? [],
        postLogoutRedirectUris: patch.postLogoutRedirectUris ?? current.post_logout_redirect_uris ?? [],
        backchannelLogoutUri: backchannel,
        public: isPublic,
        grantTypes: patch.grantTypes ?? current.grant_types,
        scope: patch.scope ?? current.scope,
      });
      const native = isPublic && [...c.redirectUris, ...c.postLogoutRedirectUris].some(isNativeRedirect);
      const {
        backchannel_logout_uri: _uri,
        backchannel_logout_session_required: _required,
        ...kept
      } = current;
      const metadata: ClientMetadata = {
        ...kept,
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
      await pool.query('update clients set metadata = $2, updated_at = now() where client_id = $1', [
        clientId,
        metadata,
      ]);
      return metadata;
    },

    async ensure(metadata) {
      const secretHash = typeof metadata.client_secret === 'string' ? metadata.client_secret : null;
      await pool.query(
        `insert into clients (client_id, client_secret_hash, metadata) values ($1, $2, $3)
         on conflict (client_id) do update set client_secret_hash = excluded.client_secret_hash,
           metadata = excluded.metadata`,
        [metadata.client_id, secretHash, metadata],
      );
    },
  };
}
