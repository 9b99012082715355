import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/** Where the benchmark's stores live; a fresh database and Redis prefix per run, removed afterwards. */
export interface BenchEnvironment {
  /** Connection string of the fresh database (servers and seeding use it). */
  databaseUrl: string;
  redisUrl: string;
  /** Unique per run; each server and the memory probe get a sub-prefix of it. */
  prefix: string;
  redis: Redis;
  close(): Promise<void>;
}

/** The admin connection used to create and drop the run's database (BENCH_POSTGRES_URL). */
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Creates `pitboss_bench_<hex>` and a connection to Redis with a prefix of its own. */
export async function openBenchEnvironment(): Promise<BenchEnvironment> {
  const id = randomBytes(5).toString('hex');
  const dbName = `pitboss_bench_${id}`;
  await adminQuery(`create database ${dbName}`);
  const databaseUrl = new URL(POSTGRES_URL);
  databaseUrl.pathname = `/${dbName}`;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
  } catch (err) {
    await adminQuery(`drop database if exists ${dbName} with (force)`);
    throw new Error(`bench: Redis at ${REDIS_URL} is not reachable (${(err as Error).message})`);
  }
  const prefix = `bench:${id}:`;
  return {
    databaseUrl: databaseUrl.toString(),
    redisUrl: REDIS_URL,
    prefix,
    redis,
    async close() {
      try {
        await deleteByPrefix(redis, prefix);
      } finally {
        redis.disconnect();
        await adminQuery(`drop database if exists ${dbName} with (force)`);
      }
    },
  };
}

/** Deletes every key under `prefix` (hex and colons only, so no glob escaping is needed). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`bench: Postgres at ${POSTGRES_URL} is not reachable (${(err as Error).message})`);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
