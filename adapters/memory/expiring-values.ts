import type { ExpiringValues } from '../../server/sessions/expiring-values.ts';
import { MemoryStore } from './memory-store.ts';

/** ExpiringValues in process memory (embedded, single instance). */
export function createMemoryValues(options: { store?: MemoryStore; namespace: string }): ExpiringValues {
  const store = options.store ?? new MemoryStore();
  const key = (k: string) => `${options.namespace}:${k}`;
  return {
    async get(k) {
      return store.get<string>(key(k));
    },
    async set(k, value, ttlMs) {
      store.set(key(k), value, Math.max(1, ttlMs));
    },
    async delete(k) {
      store.delete(key(k));
    },
    async take(k) {
      const value = store.get<string>(key(k));
      store.delete(key(k));
      return value;
    },
  };
}
