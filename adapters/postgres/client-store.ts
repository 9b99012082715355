import type { ClientMetadata } from 'oidc-provider';
import type pg from 'pg';
import { newClientMetadata, patchedClientMetadata } from '../../server/clients/client-metadata.ts';
import type { ClientStore } from '../../server/clients/client-store.ts';
import {
  type BackchannelUriPolicy,
  STRICT_BACKCHANNEL_POLICY,
} from '../../server/logout/backchannel-uri-policy.ts';

/** ClientStore on Postgres: rows of oidc-provider metadata (built in server/clients/client-metadata.ts). */
export function createClientStore(
  pool: pg.Pool,
  uriPolicy: BackchannelUriPolicy = STRICT_BACKCHANNEL_POLICY,
): ClientStore {
  const findMetadata = async (clientId: string) => {
    const { rows } = await pool.query<{ metadata: ClientMetadata }>(
      'select metadata from clients where client_id = $1',
      [clientId],
    );
    return rows[0]?.metadata;
  };
  return {
    async create(input) {
      const { metadata, clientSecret, secretHash } = newClientMetadata(input, uriPolicy);
      await pool.query('insert into clients (client_id, client_secret_hash, metadata) values ($1, $2, $3)', [
        metadata.client_id,
        secretHash ?? null,
        metadata,
      ]);
      return clientSecret === undefined
        ? { clientId: metadata.client_id }
        : { clientId: metadata.client_id, clientSecret };
    },

    findMetadata,

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

    async update(clientId, patch) {
      const current = await findMetadata(clientId);
      if (!current) return undefined;
      const metadata = patchedClientMetadata(current, patch, uriPolicy);
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
