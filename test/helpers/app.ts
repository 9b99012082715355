import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cluster, Redis } from 'ioredis';
import type { Database } from '../../adapters/postgres/database.ts';
import { buildPitboss, type Pitboss } from '../../server/compose.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { testDatabase } from './database.ts';
import { testRedis } from './redis.ts';

export interface RunningPitboss {
  url: string;
  pitboss: Pitboss;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts one real Pitboss instance on a free port over the given Postgres schema and Redis (or the memory
 * store when `redis` is omitted). Several instances may share one database and one Redis prefix.
 */
export async function startPitboss(options: {
  database: Database;
  redis?: Redis | Cluster;
  prefix?: string;
  env?: Record<string, string>;
}): Promise<RunningPitboss> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    ISSUER: url,
    PORT: String(port),
    COOKIE_KEYS: 'test-cookie-key-one,test-cookie-key-two',
    MFA_ENCRYPTION_KEY: Buffer.alloc(32, 'pitboss-test-mfa-key').toString('base64'),
    REDIS_PREFIX: options.prefix ?? 'pb:',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const pitboss = await buildPitboss(config, createLogger(config.LOG_LEVEL), {
    database: options.database,
    redis: options.redis,
  });
  server.on('request', pitboss.app.callback());
  return {
    url,
    pitboss,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pitboss.close();
    },
  };
}

/**
 * The usual test set-up in one call: a fresh migrated schema, a Redis key prefix (unless `redis: false`,
 * which runs on the memory store) and one instance over them; close() tears all three down.
 */
export async function startTestPitboss(
  options: { redis?: boolean; env?: Record<string, string> } = {},
): Promise<RunningPitboss & { db: Awaited<ReturnType<typeof testDatabase>> }> {
  const db = await testDatabase();
  const redis = options.redis === false ? undefined : await testRedis();
  const app = await startPitboss({
    database: db,
    redis: redis?.redis,
    prefix: redis?.prefix,
    env: options.env,
  });
  return {
    ...app,
    db,
    async close() {
      await app.close();
      await redis?.close();
      await db.close();
    },
  };
}
