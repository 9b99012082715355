import type { ClientMetadata } from 'oidc-provider';
import type { ClientStore } from './client-store.ts';

export interface ClientCacheOptions {
  /** Safety bound for a missed announcement: a cached client is re-read at least this often. */
  ttlMs?: number;
  /** Unknown client ids are remembered only this long (a client created a moment later must not wait). */
  negativeTtlMs?: number;
  /** Bound on cached clients per instance (the oldest entry is dropped first). */
  max?: number;
  now?: () => number;
}

export interface ClientCache {
  findMetadata(clientId: string): Promise<ClientMetadata | undefined>;
  /** One client changed (announced by whoever changed it). */
  invalidate(clientId: string): void;
  /** Whether announcements are being received; while not, every lookup goes to the store. */
  setLive(isLive: boolean): void;
}

/**
 * Client metadata in process memory, so the token endpoint does not read Postgres on every request. Kept
 * correct by announcements (server/compose.ts wires Redis pub/sub): a change drops the entry on every
 * instance as soon as its announcement arrives; the cache is bypassed and emptied whenever the
 * subscription is down, and entries expire after `ttlMs` in case an announcement is lost anyway.
 */
export function createClientCache(
  store: Pick<ClientStore, 'findMetadata'>,
  options: ClientCacheOptions = {},
): ClientCache {
  const { ttlMs = 5000, negativeTtlMs = 1000, max = 1000, now = Date.now } = options;
  const entries = new Map<string, { metadata: ClientMetadata | undefined; until: number }>();
  let live = false;
  // Bumped by every invalidation: a read that started before one must not store what it read.
  let generation = 0;
  return {
    async findMetadata(clientId) {
      const hit = entries.get(clientId);
      if (live && hit && hit.until > now()) return hit.metadata;
      const started = generation;
      const metadata = await store.findMetadata(clientId);
      if (live && started === generation) {
        entries.delete(clientId);
        entries.set(clientId, { metadata, until: now() + (metadata ? ttlMs : negativeTtlMs) });
        if (entries.size > max) entries.delete(entries.keys().next().value!);
      }
      return metadata;
    },
    invalidate(clientId) {
      generation += 1;
      entries.delete(clientId);
    },
    setLive(isLive) {
      generation += 1;
      live = isLive;
      entries.clear();
    },
  };
}
