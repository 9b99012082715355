import { randomBytes } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';
import type pg from 'pg';
import { generateClientSecret, hashClientSecret } from '../../server/clients/client-secret.ts';
import type { ClientStore, NewClient } from '../../server/clients/client-store.ts';
import {
  type BackchannelUriPolicy,
  STRICT_BACKCHANNEL_POLICY,
} from '../../server/logout/backchannel-uri-policy.ts';
import { isNativeRedirect, newClientSchema } from './client-rules.ts';
import { parseInput } from './parse-input.ts';

/** ClientStore on Postgres; metadata is stored ready for oidc-provider, with the secret only as a hash. */
export function createClientStore(
  pool: pg.Pool,
  uriPolicy: BackchannelUriPolicy = STRICT_BACKCHANNEL_POLICY,
): ClientStore {
  return {
    async create(input: NewClient) {
      const c = parseInput(newClientSchema(input.public === true, uriPolicy), input);
      const clientId = `pb_${randomBytes(16).toString('base64url')}`;
      const clientSecret = c.public ? undefined : generateClientSecret();
      const secretHash = clientSecret === undefined ? undefined : hashClientSecret(clientSecret);
      const native = c.public && [...c.redirectUris, ...c.postLogoutRedirectUris].some(isNativeRedirect);
      const metadata: ClientMetadata = {
        client_id: clientId,
        client_name: c.name,
        application_type: native ? 'native' : 'web',
        redirect_uris: c.redirectUris,
        post_logout_redirect_uris: c.postLogoutRedirectUris,
        grant_types: c.grantTypes,
        response_types: c.grantTypes.includes('authorization_code') ? ['code'] : [],
        scope: c.scope.join(' '),
        token_endpoint_auth_method: c.public ? 'none' : 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
        ...(secretHash && { client_secret: secretHash }),
        ...(c.requireMfa && { require_mfa: true }),
        ...(c.sessionIdleTtl && { session_idle_ttl: c.sessionIdleTtl }),
        ...(c.sessionAbsoluteTtl && { session_absolute_ttl: c.sessionAbsoluteTtl }),
        ...(c.backchannelLogoutUri && {
          backchannel_logout_uri: c.backchannelLogoutUri,
          backchannel_logout_session_required: true,
        }),
      };
      await pool.query('insert into clients (client_id, client_secret_hash, metadata) values ($1, $2, $3)', [
        clientId,
        secretHash ?? null,
        metadata,
      ]);
      return clientSecret === undefined ? { clientId } : { clientId, clientSecret };
    },

    async findMetadata(clientId) {
      const { rows } = await pool.query<{ metadata: ClientMetadata }>(
        'select metadata from clients where client_id = $1',
        [clientId],
      );
      return rows[0]?.metadata;
    },

    async list() {
      const { rows } = await pool.query<{ client_id: string; metadata: ClientMetadata; created_at: Date }>(
        'select client_id, metadata, created_at from clients order by created_at, client_id',
      );
      return rows.map((r) => ({ clientId: r.client_id, metadata: r.metadata, createdAt: r.created_at }));
    },

    async delete(clientId) {
      const { rowCount } = await pool.query('delete from clients where client_id = $1', [clientId]);
      return (rowCount ?? 0) > 0;
    },
  };
}
