import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKeys } from '../../adapters/redis/keys.ts';
import { startRedisCluster } from '../helpers/redis-cluster.ts';
import { adapterContract } from './adapter-contract.ts';
import { redisTarget, scanKeys } from './redis-target.ts';

let cluster: Awaited<ReturnType<typeof startRedisCluster>> | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

adapterContract('redis cluster (3 masters)', async () => {
  const { cluster: client } = cluster!;
  const prefix = `t:${randomBytes(6).toString('hex')}:`;
  const listKeys = async () =>
    (await Promise.all(client.nodes('master').map((node) => scanKeys(node, `${prefix}*`)))).flat();
  // Each test has its own prefix and the cluster dies with the file, so nothing to clean per test.
  return redisTarget(client, prefix, listKeys, async () => {});
});

it('lays keys out so the contract crosses nodes: tokens spread over slots, grant index beside its Grant', async () => {
  const node = cluster!.cluster.nodes('master')[0]!;
  const slot = async (key: string) => Number(await node.call('CLUSTER', 'KEYSLOT', key));
  const keys = createKeys('t:');
  const tokenSlots = await Promise.all(
    ['a', 'b', 'c', 'd', 'e'].map((id) => slot(keys.record('AccessToken', id))),
  );
  expect(new Set(tokenSlots).size).toBeGreaterThan(1);
  expect(await slot(keys.grantIndex('g'))).toBe(await slot(keys.record('Grant', 'g')));
  expect(await slot(keys.uid('Session', 'u'))).toBe(await slot('{u}'));
});
