import type { Adapter, ClientMetadata } from 'oidc-provider';
import type { ClientStore } from './client-store.ts';

/** How long last-read client metadata may stand in for Postgres while Postgres is unreachable. */
const STALE_IF_ERROR_MS = 5 * 60_000;
/** Bound on remembered clients per instance (the oldest entry is dropped first). */
const MAX_REMEMBERED = 1000;

/**
 * The oidc-provider `Client` model adapter, read-only over Postgres (through the announced in-process cache
 * of client-cache.ts when Redis is configured). oidc-provider looks the client up on every request (caching
 * by content hash), so a client added, changed or removed by the CLI or admin API takes effect on every
 * instance as soon as the change is announced. The last answer per client is remembered and served only when Postgres fails
 * ("stale if error"), so the token, introspection and revocation endpoints ride out a Postgres blip without
 * ever delaying a change made while Postgres is up.
 */
export function createClientAdapter(
  clients: Pick<ClientStore, 'findMetadata'>,
  now: () => number = Date.now,
): Adapter {
  const remembered = new Map<string, { metadata: ClientMetadata | undefined; at: number }>();
  const readOnly = async () => {
    throw new Error('clients are managed through the pitboss CLI or the admin API');
  };
  return {
    async find(id) {
      try {
        const metadata = await clients.findMetadata(id);
        remembered.delete(id);
        if (metadata) remembered.set(id, { metadata, at: now() });
        if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
        return metadata;
      } catch (err) {
        const last = remembered.get(id);
        if (last && now() - last.at <= STALE_IF_ERROR_MS) return last.metadata;
        throw err;
      }
    },
    upsert: readOnly,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  };
}
