import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter, MemoryStore, memoryKeys } from '../../adapters/memory/memory-adapter.ts';
import { adapterContract, GRANT_INDEX } from './adapter-contract.ts';

adapterContract('memory', async () => {
  const store = new MemoryStore();
  return {
    factory: createMemoryAdapter({ store }),
    async ttlOf(name, id) {
      const key = name === GRANT_INDEX ? memoryKeys.grantIndex(id) : memoryKeys.record(name, id);
      const expiresAt = store.expiresAt(key);
      if (expiresAt === undefined) return -2;
      return Number.isFinite(expiresAt) ? (expiresAt - Date.now()) / 1000 : -1;
    },
    async keysWithoutTtl() {
      return store.keys().filter((key) => !Number.isFinite(store.expiresAt(key)));
    },
    async teardown() {},
  };
});

describe('MemoryStore', () => {
  it('sweeps expired entries nobody reads, so the embedded store does not leak', async () => {
    const store = new MemoryStore(20);
    for (let i = 0; i < 100; i++) store.set(`k${i}`, i, 10);
    store.set('live', 1, 60_000);
    expect(store.size).toBe(101);
    await sleep(100);
    expect(store.size).toBe(1);
    expect(store.get('live')).toBe(1);
  });

  it('never returns an expired entry, even before the sweep', async () => {
    const store = new MemoryStore(60_000);
    store.set('k', 'v', 5);
    await sleep(20);
    expect(store.get('k')).toBeUndefined();
    expect(store.expiresAt('k')).toBeUndefined();
  });
});
