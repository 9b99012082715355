import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKeys } from '../../adapters/redis/keys.ts';
import { decodeRecord } from '../../adapters/redis/record-format.ts';
import { createRedisAdapter } from '../../adapters/redis/redis-adapter.ts';
import { testRedis } from '../helpers/redis.ts';

// Records and grant indexes written before members were shortened and payloads compacted (full record keys
// as members, `kind` and `jti` inside the payload) must still be found, destroyed and revoked.
let r: Awaited<ReturnType<typeof testRedis>>;
beforeAll(async () => {
  r = await testRedis();
});
afterAll(() => r?.close());

/** Writes a record and its index entry exactly as the adapter did before (legacy layout). */
async function legacyWrite(model: string, id: string, grantId: string) {
  const keys = createKeys(r.prefix);
  const key = keys.record(model, id);
  const payload = { kind: model, jti: id, grantId, exp: Math.floor(Date.now() / 1000) + 600 };
  await r.redis.hset(key, 'payload', JSON.stringify(payload));
  await r.redis.pexpire(key, 600_000);
  await r.redis.zadd(keys.grantIndex(grantId), Date.now() + 600_000, key);
  await r.redis.pexpire(keys.grantIndex(grantId), 600_000);
  return key;
}

it('revokeByGrantId deletes records indexed in the old (full key) and the new (short) format', async () => {
  const adapter = createRedisAdapter(r.redis, { prefix: r.prefix });
  const keys = createKeys(r.prefix);
  const legacyKey = await legacyWrite('RefreshToken', 'old-refresh', 'g1');
  await adapter('AccessToken').upsert(
    'new-access',
    { grantId: 'g1', kind: 'AccessToken', jti: 'new-access' },
    600,
  );
  await adapter('Grant').upsert('g1', { kind: 'Grant', jti: 'g1', accountId: 'a' }, 600);
  const members = await r.redis.zrange(keys.grantIndex('g1'), 0, -1);
  expect(members.sort()).toEqual(['A:new-access', 'G', legacyKey].sort());
  expect(await adapter('RefreshToken').find('old-refresh')).toMatchObject({
    kind: 'RefreshToken',
    jti: 'old-refresh',
  });
  await adapter('Grant').revokeByGrantId('g1');
  expect(
    await r.redis.exists(legacyKey, keys.record('AccessToken', 'new-access'), keys.record('Grant', 'g1')),
  ).toBe(0);
});

it('payloads are stored without kind and jti, and find puts them back', async () => {
  const adapter = createRedisAdapter(r.redis, { prefix: r.prefix });
  const keys = createKeys(r.prefix);
  await adapter('AccessToken').upsert(
    'at',
    { grantId: 'g2', kind: 'AccessToken', jti: 'at', scope: 'openid' },
    600,
  );
  // A plain string (smaller than a one-field hash): the payload JSON itself.
  expect(await r.redis.type(keys.record('AccessToken', 'at'))).toBe('string');
  const raw = (await r.redis.get(keys.record('AccessToken', 'at')))!;
  // Common field names are stored as short codes (record-format.ts).
  expect(raw).not.toContain('grantId');
  expect(decodeRecord(raw).payload).toEqual({ grantId: 'g2', scope: 'openid' });
  expect(await adapter('AccessToken').find('at')).toEqual({
    grantId: 'g2',
    kind: 'AccessToken',
    jti: 'at',
    scope: 'openid',
  });
});

it('destroy removes an old-format index member as well', async () => {
  const adapter = createRedisAdapter(r.redis, { prefix: r.prefix });
  const keys = createKeys(r.prefix);
  await legacyWrite('AccessToken', 'old-access', 'g3');
  await adapter('AccessToken').destroy('old-access');
  expect(await r.redis.zcard(keys.grantIndex('g3'))).toBe(0);
});

it('records written as hashes (before 2026-11-30) are found, consumed once, and replaced or destroyed', async () => {
  const adapter = createRedisAdapter(r.redis, { prefix: r.prefix });
  const refresh = adapter('RefreshToken');
  const key = await legacyWrite('RefreshToken', 'old-rt', 'g4');
  expect(await refresh.find('old-rt')).toMatchObject({ jti: 'old-rt', grantId: 'g4' });
  expect(await Promise.all([refresh.consumeOnce('old-rt'), refresh.consumeOnce('old-rt')])).toEqual([
    true,
    false,
  ]);
  expect((await refresh.find('old-rt'))?.consumed).toEqual(expect.any(Number));
  expect(await r.redis.pttl(key)).toBeGreaterThan(0);
  // An upsert of the same id writes the string format over the hash.
  await refresh.upsert(
    'old-rt',
    { grantId: 'g4', kind: 'RefreshToken', jti: 'old-rt', scope: 'openid' },
    600,
  );
  expect(await r.redis.type(key)).toBe('string');
  const replaced = await refresh.find('old-rt');
  expect(replaced).toMatchObject({ scope: 'openid' });
  expect(replaced?.consumed).toBeUndefined();
  await legacyWrite('RefreshToken', 'old-rt2', 'g4');
  await refresh.destroy('old-rt2');
  expect(await r.redis.exists(key.replace('old-rt', 'old-rt2'))).toBe(0);
});

it('a consumed record keeps its TTL and is consumed only once; an expired one is never recreated', async () => {
  const adapter = createRedisAdapter(r.redis, { prefix: r.prefix });
  const keys = createKeys(r.prefix);
  const code = adapter('AuthorizationCode');
  await code.upsert('c1', { grantId: 'g5', kind: 'AuthorizationCode', jti: 'c1' }, 600);
  const results = await Promise.all(Array.from({ length: 20 }, () => code.consumeOnce('c1')));
  expect(results.filter(Boolean)).toHaveLength(1);
  const ttl = await r.redis.pttl(keys.record('AuthorizationCode', 'c1'));
  expect(ttl).toBeGreaterThan(590_000);
  expect(await code.find('c1')).toMatchObject({ jti: 'c1', grantId: 'g5', consumed: expect.any(Number) });
  expect(await code.consumeOnce('gone')).toBe(false);
  expect(await r.redis.exists(keys.record('AuthorizationCode', 'gone'))).toBe(0);
});

it('payloads written with full field names (before 2026-11-30) read back unchanged', async () => {
  const adapter = createRedisAdapter(r.redis, { prefix: r.prefix });
  const keys = createKeys(r.prefix);
  const payload = { grantId: 'g6', accountId: 'acc', scope: 'openid', exp: 2_000_000_000 };
  await r.redis.set(keys.record('AccessToken', 'plain'), JSON.stringify(payload), 'PX', 600_000);
  expect(await adapter('AccessToken').find('plain')).toEqual({
    ...payload,
    kind: 'AccessToken',
    jti: 'plain',
  });
});
