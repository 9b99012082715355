import type { Cluster, Redis } from 'ioredis';
import { MemoryStore } from '../../../adapters/memory/memory-store.ts';
import { ttlMsFor } from '../../../adapters/redis/keys.ts';
import type { AdapterFactory } from '../../../adapters/types.ts';

/**
 * PROVISIONAL (issue 7): a minimal per-account index of Session and Grant ids, used by the admin API until
 * the session index of issue 5 (server/sessions/session-index.ts) lands; compose.ts then plugs that in.
 *
 * Redis layout (tag = account id, so both keys of one account share a slot):
 *   <prefix>idx:account:{<accountId>}:<Model>       ZSET id -> expiry (epoch ms)
 *   <prefix>idx:account:{<accountId>}:<Model>:seen  ZSET id -> last write (epoch ms)
 * Both keys expire with their longest-lived member; expired members are pruned on every write and read.
 */
export type IndexedModel = 'Session' | 'Grant';

export interface IndexEntry {
  id: string;
  expiresAt: number;
  seenAt: number;
}

export interface AccountIndex {
  add(model: IndexedModel, accountId: string, id: string, expiresAt: number): Promise<void>;
  /** Live members, most recently written first. */
  list(model: IndexedModel, accountId: string): Promise<IndexEntry[]>;
  remove(model: IndexedModel, accountId: string, id: string): Promise<void>;
}

/** The index on Redis (or Cluster); every MULTI touches one account's slot only. */
export function createRedisAccountIndex(redis: Redis | Cluster, prefix: string): AccountIndex {
  const key = (model: string, accountId: string) => `${prefix}idx:account:{${accountId}}:${model}`;
  return {
    async add(model, accountId, id, expiresAt) {
      const k = key(model, accountId);
      const ttl = Math.max(1, expiresAt - Date.now());
      await redis
        .multi()
        .zremrangebyscore(k, '-inf', Date.now())
        .zadd(k, expiresAt, id)
        .zadd(`${k}:seen`, Date.now(), id)
        .pexpire(k, ttl, 'NX')
        .pexpire(k, ttl, 'GT')
        .pexpire(`${k}:seen`, ttl, 'NX')
        .pexpire(`${k}:seen`, ttl, 'GT')
        .exec();
    },
    async list(model, accountId) {
      const k = key(model, accountId);
      const flat = await redis.zrangebyscore(k, Date.now(), '+inf', 'WITHSCORES');
      const entries: IndexEntry[] = [];
      for (let i = 0; i < flat.length; i += 2)
        entries.push({ id: flat[i]!, expiresAt: Number(flat[i + 1]), seenAt: 0 });
      if (entries.length) {
        const seen = await redis.zmscore(`${k}:seen`, ...entries.map((e) => e.id));
        entries.forEach((e, i) => {
          e.seenAt = Number(seen[i] ?? 0);
        });
      }
      return entries.sort((a, b) => b.seenAt - a.seenAt);
    },
    async remove(model, accountId, id) {
      const k = key(model, accountId);
      await redis.multi().zrem(k, id).zrem(`${k}:seen`, id).exec();
    },
  };
}

/** The index in process memory (embedded default, single instance). */
export function createMemoryAccountIndex(store = new MemoryStore()): AccountIndex {
  const entries = (model: string, accountId: string) => {
    const k = `idx:account:${accountId}:${model}`;
    const map = store.get<Map<string, IndexEntry>>(k) ?? new Map<string, IndexEntry>();
    return { k, map };
  };
  return {
    async add(model, accountId, id, expiresAt) {
      const { k, map } = entries(model, accountId);
      map.set(id, { id, expiresAt, seenAt: Date.now() });
      store.setUntil(k, map, Math.max(expiresAt, store.expiresAt(k) ?? 0));
    },
    async list(model, accountId) {
      const { map } = entries(model, accountId);
      const now = Date.now();
      for (const [id, e] of map) if (e.expiresAt <= now) map.delete(id);
      return [...map.values()].map((e) => ({ ...e })).sort((a, b) => b.seenAt - a.seenAt);
    },
    async remove(model, accountId, id) {
      entries(model, accountId).map.delete(id);
    },
  };
}

/** Wraps the token store so every saved Session and Grant with an account is added to that account's index. */
export function indexAccounts(factory: AdapterFactory, index: AccountIndex): AdapterFactory {
  return (name) => {
    const adapter = factory(name);
    if (name !== 'Session' && name !== 'Grant') return adapter;
    const upsert = adapter.upsert.bind(adapter);
    return Object.assign(Object.create(adapter), {
      async upsert(id: string, payload: { accountId?: string }, expiresIn?: number) {
        await upsert(id, payload, expiresIn);
        if (payload.accountId) await index.add(name, payload.accountId, id, Date.now() + ttlMsFor(expiresIn));
      },
    });
  };
}
