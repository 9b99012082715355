import { calculateJwkThumbprint } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyStore } from '../../adapters/postgres/key-store.ts';
import type { KeyStore } from '../../server/keys/key-store.ts';
import { testDatabase } from '../helpers/database.ts';

describe('postgres key store', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let keys: KeyStore;

  beforeAll(async () => {
    db = await testDatabase();
    keys = createKeyStore(db.pool);
  });
  afterAll(() => db?.close());

  it('ensure() creates exactly one key even when instances race', async () => {
    // Separate stores stand for separate instances sharing the database.
    await Promise.all(Array.from({ length: 5 }, () => createKeyStore(db.pool).ensure()));
    await keys.ensure();
    const published = await keys.published(3600);
    expect(published).toHaveLength(1);
    const [key] = published;
    expect(key!.privateJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: key!.kid });
    expect(key!.privateJwk.d).toBeTruthy();
    expect(await calculateJwkThumbprint(key!.privateJwk)).toBe(key!.kid);
    expect(Buffer.from(key!.privateJwk.n!, 'base64url').length * 8).toBe(2048);
  });

  it('rotate() adds a signing key first and keeps the retired one published', async () => {
    const before = await keys.version();
    const [old] = await keys.published(3600);
    const fresh = await keys.rotate();
    expect(await keys.version()).not.toBe(before);
    const published = await keys.published(3600);
    expect(published.map((k) => k.kid)).toEqual([fresh.kid, old!.kid]);
    expect(published[0]!.retiredAt).toBeNull();
    expect(published[1]!.retiredAt).toBeInstanceOf(Date);
    expect((await keys.published(0)).map((k) => k.kid)).toEqual([fresh.kid]);
  });

  it('concurrent rotations leave one current key', async () => {
    await Promise.all([keys.rotate(), keys.rotate(), keys.rotate()]);
    const { rows } = await db.pool.query(
      'select count(*)::int as n from signing_keys where retired_at is null',
    );
    expect(rows[0].n).toBe(1);
    expect((await keys.published(3600)).length).toBe(5);
  });
});
