import type { ClientMetadata } from 'oidc-provider';
import type { ClientStore } from './client-store.ts';

export interface ClientCacheOptions {
  /** Safety bound for a missed announcement: a cached client is re-read at least this often. */
  ttlMs?: number;
  /** Unknown client ids are remembered only this long (a client created a moment later must not wait). */
  negativeTtlMs?: number;
  /** How long the last answer may stand in for the store while the store is unreachable. */
  staleIfErrorMs?: number;
  /** Bound on remembered clients per instance (the oldest entry is dropped first). */
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
 * Client metadata in process memory, one map for two jobs:
 * - serving lookups without a Postgres read, only while change announcements are live (server/compose.ts
 *   wires Redis pub/sub): a change drops the entry on every instance as soon as its announcement arrives,
 *   the cache is emptied whenever the subscription is down, and entries expire after `ttlMs` in case an
 *   announcement is lost anyway. Without Redis it never goes live and every lookup reads the store;
 * - standing in for the store while it fails ("stale if error"), so the token, introspection and
 *   revocation endpoints ride out a Postgres blip without ever delaying a change made while it is up.
 */
export function createClientCache(
  store: Pick<ClientStore, 'findMetadata'>,
  options: ClientCacheOptions = {},
): ClientCache {
  const {
    ttlMs = 5000,
    negativeTtlMs = 1000,
    staleIfErrorMs = 5 * 60_000,
    max = 1000,
    now = Date.now,
  } = options;
  const entries = new Map<string, { metadata: ClientMetadata | undefined; at: number }>();
  let live = false;
  // Bumped by every invalidation: a read that started before one must not store what it read.
  let generation = 0;
  const inFlight = new Map<string, { generation: number; read: Promise<ClientMetadata | undefined> }>();
  const readThrough = (clientId: string, started: number, shared: boolean) => {
    const read = store.findMetadata(clientId).then((metadata) => {
      if (started === generation) {
        entries.delete(clientId);
        entries.set(clientId, { metadata, at: now() });
        if (entries.size > max) entries.delete(entries.keys().next().value!);
      }
      return metadata;
    });
    if (shared) {
      inFlight.set(clientId, { generation: started, read });
      const done = () => {
        if (inFlight.get(clientId)?.read === read) inFlight.delete(clientId);
      };
      read.then(done, done);
    }
    return read;
  };
  return {
    async findMetadata(clientId) {
      const hit = entries.get(clientId);
      if (live && hit && now() - hit.at < (hit.metadata ? ttlMs : negativeTtlMs)) return hit.metadata;
      const started = generation;
      // Concurrent misses share one read while live, unless an invalidation came since it started (then
      // the caller reads afresh). Not live, every lookup reads the store itself, as documented.
      const joined = live ? inFlight.get(clientId) : undefined;
      const read =
        joined && joined.generation === started ? joined.read : readThrough(clientId, started, live);
      try {
        return await read;
      } catch (err) {
        if (hit?.metadata && now() - hit.at <= staleIfErrorMs) return hit.metadata;
        throw err;
      }
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
