import type { Adapter } from 'oidc-provider';
import type { ClientStore } from './client-store.ts';

/**
 * The oidc-provider `Client` model adapter, read-only over Postgres. oidc-provider looks the client up on
 * every request (caching by content hash), so a client added or removed by the CLI or admin API takes effect
 * at once on every instance.
 */
export function createClientAdapter(clients: ClientStore): Adapter {
  const readOnly = async () => {
    throw new Error('clients are managed through the pitboss CLI or the admin API');
  };
  return {
    async find(id) {
      return clients.findMetadata(id);
    },
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  };
}
