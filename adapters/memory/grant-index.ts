import type { GrantEntry, GrantIndex } from '../../server/sessions/grant-index.ts';
import { MemoryStore } from './memory-store.ts';

/** GrantIndex in process memory (embedded, single instance): one map of grant id -> expiry per account. */
export function createMemoryGrantIndex(store = new MemoryStore()): GrantIndex {
  const live = (accountId: string) => {
    const map = store.get<Map<string, number>>(`acctgrants:${accountId}`);
    const now = Date.now();
    for (const [id, expiresAt] of map ?? []) if (expiresAt <= now) map!.delete(id);
    return map;
  };
  return {
    async add(accountId, grantId, expiresAt) {
      const k = `acctgrants:${accountId}`;
      const map = live(accountId) ?? new Map<string, number>();
      map.set(grantId, expiresAt);
      store.setUntil(k, map, Math.max(expiresAt, store.expiresAt(k) ?? 0));
    },
    async list(accountId) {
      const entries: GrantEntry[] = [...(live(accountId) ?? [])].map(([id, expiresAt]) => ({
        id,
        expiresAt,
      }));
      return entries.sort((a, b) => b.expiresAt - a.expiresAt);
    },
    async remove(accountId, grantId) {
      return live(accountId)?.delete(grantId) ?? false;
    },
  };
}
