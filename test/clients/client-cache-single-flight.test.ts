import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientStore } from '../../adapters/postgres/client-store.ts';
import { createClientCache } from '../../server/clients/client-cache.ts';
import type { ClientStore } from '../../server/clients/client-store.ts';
import { testDatabase } from '../helpers/database.ts';

// The cache over the real Postgres client store; `reads` counts the lookups that reached Postgres.
describe('client cache: concurrent misses', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let clients: ClientStore;
  let reads = 0;
  const counted = {
    findMetadata(id: string) {
      reads += 1;
      return clients.findMetadata(id);
    },
  };
  const newClient = async () =>
    (await clients.create({ name: 'Roulette', redirectUris: ['https://roulette.example/cb'] })).clientId;

  beforeAll(async () => {
    db = await testDatabase();
    clients = createClientStore(db.pool);
  });
  afterAll(() => db?.close());

  it('share one Postgres read while announcements are live', async () => {
    const cache = createClientCache(counted);
    cache.setLive(true);
    const clientId = await newClient();
    reads = 0;
    const found = await Promise.all(Array.from({ length: 8 }, () => cache.findMetadata(clientId)));
    expect(reads).toBe(1);
    expect(found.every((m) => m?.client_id === clientId)).toBe(true);
  });

  it('a lookup after an invalidation does not join a read that started before it', async () => {
    const cache = createClientCache(counted);
    cache.setLive(true);
    const clientId = await newClient();
    const early = cache.findMetadata(clientId); // in flight, started before the change
    await clients.update(clientId, { redirectUris: ['https://moved.example/cb'] });
    cache.invalidate(clientId);
    const late = await cache.findMetadata(clientId);
    expect(late?.redirect_uris).toEqual(['https://moved.example/cb']);
    await early;
    // And the early read did not put the old metadata back into the cache.
    expect((await cache.findMetadata(clientId))?.redirect_uris).toEqual(['https://moved.example/cb']);
  });

  it('read the store every time while not live (no announcements to trust)', async () => {
    const cache = createClientCache(counted);
    const clientId = await newClient();
    reads = 0;
    await Promise.all(Array.from({ length: 8 }, () => cache.findMetadata(clientId)));
    expect(reads).toBe(8);
  });
});
