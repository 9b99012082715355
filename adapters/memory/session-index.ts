import type { SessionIndex, SessionInfo } from '../../server/sessions/session-index.ts';
import { MemoryStore } from './memory-store.ts';

/** SessionIndex in process memory (embedded, single instance): one map of sessions per account. */
export function createMemorySessionIndex(options: { store?: MemoryStore } = {}): SessionIndex {
  const store = options.store ?? new MemoryStore();
  const key = (accountId: string) => `sess:${accountId}`;
  const live = (accountId: string) => {
    const map = store.get<Map<string, SessionInfo>>(key(accountId));
    const now = Date.now();
    for (const [uid, info] of map ?? []) if (info.expiresAt <= now) map!.delete(uid);
    return map;
  };
  return {
    async record(info, retainMs) {
      const map = live(info.accountId) ?? new Map<string, SessionInfo>();
      const existing = map.get(info.uid);
      map.set(info.uid, structuredClone({ ...info, createdAt: existing?.createdAt ?? Date.now() }));
      store.set(key(info.accountId), map, retainMs);
      return !existing;
    },
    async list(accountId) {
      const sessions = [...(live(accountId)?.values() ?? [])].map((s) => structuredClone(s));
      return sessions.sort((x, y) => x.createdAt - y.createdAt);
    },
    async get(accountId, uid) {
      const info = live(accountId)?.get(uid);
      return info && structuredClone(info);
    },
    async remove(accountId, uid) {
      live(accountId)?.delete(uid);
    },
  };
}
