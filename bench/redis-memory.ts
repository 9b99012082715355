import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisAdapter } from '../adapters/redis/redis-adapter.ts';
import type { AdapterPayload } from '../server/provider/token-store.ts';
import { deleteByPrefix } from './environment.ts';
import type { LoginTokens } from './login-flow.ts';

export interface RedisFootprint {
  logins: number;
  /** Where the copies were written (and deleted again): a prefix as long as the default `pb:`. */
  probeDb: number;
  probePrefix: string;
  /** (INFO used_memory after - before) / logins: what the issue asks for; noisy if others share Redis. */
  usedMemoryBytesPerLogin: number;
  /** Sum of MEMORY USAGE over the created keys / logins: exact for these keys, blind to allocator overhead. */
  keyBytesPerLogin: number;
  keysPerLogin: number;
}

type Records = {
  session: AdapterPayload;
  grant: AdapterPayload;
  refresh: AdapterPayload;
  access: AdapterPayload;
};

/**
 * Logical database for the copies. Key names count (a ZSET member over 64 bytes turns the grant index from
 * a listpack into a skiplist), so the copies use a prefix as long as production's `pb:`; a database of their
 * own keeps that short prefix from meeting anyone else's keys. BENCH_REDIS_PROBE_DB overrides it.
 */
const PROBE_DB = Number(process.env.BENCH_REDIS_PROBE_DB ?? 1);

/**
 * Redis bytes per live login. Reads the four records one real HTTP login left in the Redis-store server's
 * keyspace (Session, Grant, RefreshToken, AccessToken), then writes `count` copies with fresh ids of the
 * same lengths through the Redis adapter (so the grant index and uid lookup are written too), and measures.
 * Deletes the copies afterwards.
 */
export async function measureRedisFootprint(
  server: Redis,
  serverPrefix: string,
  template: LoginTokens,
  count: number,
): Promise<RedisFootprint> {
  const records = await readLogin(server, serverPrefix, template);
  const redis = server.duplicate({ db: PROBE_DB });
  const probePrefix = `${randomBytes(2).readUInt16BE(0).toString(36).padStart(2, '0').slice(-2)}:`;
  const adapter = createRedisAdapter(redis, { prefix: probePrefix });
  const models = {
    session: adapter('Session'),
    grant: adapter('Grant'),
    refresh: adapter('RefreshToken'),
    access: adapter('AccessToken'),
  };
  try {
    await deleteByPrefix(redis, probePrefix); // leftovers of a killed run would count as ours
    const before = await usedMemory(redis);
    for (let done = 0; done < count; done += 200) {
      const batch = Math.min(200, count - done);
      await Promise.all(
        Array.from({ length: batch }, async () => {
          const copy = cloneLogin(records);
          await Promise.all(
            (Object.keys(models) as (keyof Records)[]).map((kind) =>
              models[kind].upsert(copy[kind].jti as string, copy[kind], expiresIn(copy[kind])),
            ),
          );
        }),
      );
    }
    const after = await usedMemory(redis);
    const { bytes, keys } = await keyUsage(redis, probePrefix);
    return {
      logins: count,
      probeDb: PROBE_DB,
      probePrefix,
      usedMemoryBytesPerLogin: Math.round((after - before) / count),
      keyBytesPerLogin: Math.round(bytes / count),
      keysPerLogin: keys / count,
    };
  } finally {
    await deleteByPrefix(redis, probePrefix).finally(() => redis.disconnect());
  }
}

async function readLogin(redis: Redis, prefix: string, tokens: LoginTokens): Promise<Records> {
  const adapter = createRedisAdapter(redis, { prefix });
  const access = await adapter('AccessToken').find(tokens.accessToken);
  const refresh = await adapter('RefreshToken').find(tokens.refreshToken);
  if (!access || !refresh) throw new Error('redis footprint: template tokens not found in Redis');
  const grant = await adapter('Grant').find(access.grantId as string);
  const session = await adapter('Session').findByUid(access.sessionUid as string);
  if (!grant || !session) throw new Error('redis footprint: template grant or session not found');
  return { session, grant, refresh, access };
}

/** A random id with the same length as `like` (base64url, as oidc-provider's nanoid ids are). */
function sameLength(like: unknown): string {
  const n = String(like).length;
  return randomBytes(n).toString('base64url').slice(0, n);
}

function cloneLogin(r: Records): Records {
  const copy = structuredClone(r);
  const grantId = sameLength(r.grant.jti);
  const sessionUid = sameLength(r.session.uid);
  const sid = sameLength(r.access.sid ?? r.grant.jti);
  copy.grant.jti = grantId;
  copy.session.jti = sameLength(r.session.jti);
  copy.session.uid = sessionUid;
  for (const auth of Object.values((copy.session.authorizations ?? {}) as Record<string, AdapterPayload>)) {
    auth.grantId = grantId;
    auth.sid = sid;
  }
  for (const token of [copy.refresh, copy.access]) {
    token.jti = sameLength(token.jti);
    token.grantId = grantId;
    token.sessionUid = sessionUid;
    if (token.sid) token.sid = sid;
  }
  return copy;
}

function expiresIn(payload: AdapterPayload): number {
  const exp = typeof payload.exp === 'number' ? payload.exp : Math.floor(Date.now() / 1000) + 3600;
  return Math.max(60, exp - Math.floor(Date.now() / 1000));
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(info.match(/^used_memory:(\d+)/m)![1]);
}

async function keyUsage(redis: Redis, prefix: string): Promise<{ bytes: number; keys: number }> {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    const usages = await Promise.all(batch.map((key) => redis.memory('USAGE', key)));
    for (const usage of usages) bytes += Number(usage ?? 0);
    keys += batch.length;
    cursor = next;
  } while (cursor !== '0');
  return { bytes, keys };
}
