import type { ClientStore } from './client-store.ts';

/** Tells every instance's client cache that a client changed (see client-cache.ts). */
export type AnnounceClientChange = (clientId: string) => Promise<void>;

/**
 * Announcing is best effort: the change is already committed, and an instance that misses the notice
 * re-reads the client within the cache's safety TTL. So a failed announcement is reported, not thrown.
 */
const announceSafely = async (
  announce: AnnounceClientChange,
  clientId: string,
  onError?: (err: unknown) => void,
) => {
  try {
    await announce(clientId);
  } catch (err) {
    onError?.(err);
  }
};

/** A ClientStore whose every change (create, update, ensure, delete) is announced after it is committed. */
export function announcingClientStore(
  store: ClientStore,
  announce: AnnounceClientChange,
  onError?: (err: unknown) => void,
): ClientStore {
  return {
    ...store,
    async create(input) {
      const created = await store.create(input);
      await announceSafely(announce, created.clientId, onError);
      return created;
    },
    async delete(clientId) {
      const deleted = await store.delete(clientId);
      if (deleted) await announceSafely(announce, clientId, onError);
      return deleted;
    },
    async update(clientId, patch) {
      const metadata = await store.update(clientId, patch);
      if (metadata) await announceSafely(announce, clientId, onError);
      return metadata;
    },
    async ensure(metadata) {
      await store.ensure(metadata);
      await announceSafely(announce, metadata.client_id, onError);
    },
  };
}
