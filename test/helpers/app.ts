import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cluster, Redis } from 'ioredis';
import * as client from 'openid-client';
import type { Database } from '../../adapters/postgres/database.ts';
import type { NewClient } from '../../server/clients/client-store.ts';
import { buildPitboss, type Pitboss } from '../../server/compose.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { type Receiver, startReceiver } from '../logout/receiver.ts';
import { testDatabase } from './database.ts';
import { discover, REDIRECT_URI } from './oidc-flow.ts';
import { testRedis } from './redis.ts';

/** The COOKIE_KEYS every test instance runs with unless its env says otherwise. */
export const TEST_COOKIE_KEYS = 'test-cookie-key-one,test-cookie-key-two';

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
    COOKIE_KEYS: TEST_COOKIE_KEYS,
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

/** What startTestPitboss returns: the first instance, the others behind the same issuer, and the stores. */
export interface TestPitboss extends RunningPitboss {
  db: Awaited<ReturnType<typeof testDatabase>>;
  /** The Redis connection and key prefix every instance shares (undefined on the memory store). */
  redis: { redis: Redis; prefix: string } | undefined;
  /** Further instances (same issuer, database and Redis prefix), as behind a load balancer. */
  others: RunningPitboss[];
}

/**
 * The usual test set-up in one call: a fresh migrated schema, a Redis key prefix (unless `redis: false`,
 * which runs on the memory store) and `instances` instances over them (default 1; the others share the
 * first one's issuer); close() tears everything down.
 */
export async function startTestPitboss(
  options: { redis?: boolean; env?: Record<string, string>; instances?: number } = {},
): Promise<TestPitboss> {
  const db = await testDatabase();
  const redis = options.redis === false ? undefined : await testRedis();
  const stores = { database: db, redis: redis?.redis, prefix: redis?.prefix };
  const app = await startPitboss({ ...stores, env: options.env });
  const others: RunningPitboss[] = [];
  for (let i = 1; i < (options.instances ?? 1); i++) {
    others.push(await startPitboss({ ...stores, env: { ...options.env, ISSUER: app.url } }));
  }
  return {
    ...app,
    db,
    redis: redis && { redis: redis.redis, prefix: redis.prefix },
    others,
    async close() {
      for (const other of others) await other.close();
      await app.close();
      await redis?.close();
      await db.close();
    },
  };
}

/** A registered relying party: its openid-client configuration and (with `backchannel`) a real receiver. */
export interface TestRp {
  clientId: string;
  clientSecret: string | undefined;
  config: client.Configuration;
  /** The same client talking to another instance (same issuer, endpoints on `url`). */
  configFor(url: string): client.Configuration;
  receiver: Receiver | undefined;
  close(): Promise<void>;
}

/**
 * Registers an RP on `app` (confidential, code + refresh by default) and discovers it with openid-client;
 * `backchannel: true` starts a back-channel logout receiver that verifies tokens against the issuer's /jwks.
 */
export async function registerRp(
  app: RunningPitboss,
  options: Partial<NewClient> & { backchannel?: boolean } = {},
): Promise<TestRp> {
  const { backchannel, ...input } = options;
  let clientId = '';
  const receiver = backchannel
    ? await startReceiver({ issuer: app.url, clientId: () => clientId })
    : undefined;
  const created = await app.pitboss.clients.create({
    name: 'Test Studio',
    redirectUris: input.grantTypes?.includes('authorization_code') === false ? [] : [REDIRECT_URI],
    ...input,
    ...(receiver && { backchannelLogoutUri: receiver.url }),
  });
  clientId = created.clientId;
  const config = await discover(app.url, created.clientId, created.clientSecret);
  const configFor = (url: string) => {
    const metadata = JSON.parse(JSON.stringify(config.serverMetadata()).replaceAll(app.url, url));
    const auth = created.clientSecret ? client.ClientSecretBasic(created.clientSecret) : client.None();
    const other = new client.Configuration(
      { ...metadata, issuer: app.url },
      created.clientId,
      undefined,
      auth,
    );
    client.allowInsecureRequests(other);
    return other;
  };
  return {
    clientId,
    clientSecret: created.clientSecret,
    config,
    configFor,
    receiver,
    close: async () => receiver?.close(),
  };
}
