import type { Cluster, Redis } from 'ioredis';
import { createKeys } from '../../adapters/redis/keys.ts';
import { createRedisAdapter } from '../../adapters/redis/redis-adapter.ts';
import { type ContractTarget, GRANT_INDEX } from './adapter-contract.ts';

/** Every key matching `pattern` on one node (SCAN is per node, so a cluster is scanned master by master). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** The contract target for a Redis or Cluster client under `prefix`; `listKeys` lists that prefix's keys. */
export function redisTarget(
  redis: Redis | Cluster,
  prefix: string,
  listKeys: () => Promise<string[]>,
  teardown: () => Promise<void>,
): ContractTarget {
  const keys = createKeys(prefix);
  const ttl = async (key: string) => {
    const ms = await redis.pttl(key);
    return ms < 0 ? ms : ms / 1000;
  };
  return {
    factory: createRedisAdapter(redis, { prefix }),
    ttlOf: (name, id) => ttl(name === GRANT_INDEX ? keys.grantIndex(id) : keys.record(name, id)),
    async keysWithoutTtl() {
      const all = await listKeys();
      const ttls = await Promise.all(all.map((key) => redis.pttl(key)));
      return all.filter((_, i) => ttls[i] === -1);
    },
    teardown,
  };
}
