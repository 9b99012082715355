import type { Adapter } from 'oidc-provider';
import type { ClientStore } from './client-store.ts';

/**
 * The oidc-provider `Client` model adapter, read-only over Postgres through the in-process cache of
 * client-cache.ts. oidc-provider looks the client up on every request (caching by content hash), so a
 * client added, changed or removed by the CLI or admin API takes effect on every instance as soon as the
 * change is announced (at once without Redis, where every lookup reads the store).
 */
export function createClientAdapter(clients: Pick<ClientStore, 'findMetadata'>): Adapter {
  const readOnly = async () => {
    throw new Error('clients are managed through the pitboss CLI or the admin API');
  };
  return {
    find: (id) => clients.findMetadata(id),
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  };
}
