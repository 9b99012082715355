import { createMemoryValues } from '../../adapters/memory/expiring-values.ts';
import { createDirectAuditLog } from '../../adapters/postgres/audit-store.ts';
import { createOutboxStore } from '../../adapters/postgres/outbox-store.ts';
import { createSessionStateStore } from '../../adapters/postgres/session-state-store.ts';
import { connectRedis, pingRedis } from '../../adapters/redis/connect.ts';
import { createRedisValues } from '../../adapters/redis/expiring-values.ts';
import { createRedisAdapter } from '../../adapters/redis/redis-adapter.ts';
import { createRedisSessionIndex } from '../../adapters/redis/session-index.ts';
import { loadConfig } from '../config.ts';
import { createBackchannelLogoutListener } from '../logout/backchannel-listener.ts';
import { createSessionVersions, type SessionVersions } from '../sessions/session-versions.ts';
import { createSessionTerminator, type SessionTerminator } from '../sessions/terminate.ts';
import { type Stores, withStores } from './run-command.ts';

export interface SessionStores extends Stores {
  versions: SessionVersions;
  /** Present when Redis is configured: ends the account's indexed sessions and grants now. */
  terminator?: SessionTerminator;
}

/**
 * withStores plus the session services a running server shares through Redis: the version cache (so a
 * bump bites on every instance at once) and the session index. With the embedded memory store the
 * server's own cache expires within seconds instead, and its sessions fail by version on next use.
 */
export async function withSessionStores<T>(
  env: NodeJS.ProcessEnv,
  work: (stores: SessionStores) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const redis = connectRedis(config);
  try {
    if (redis) await pingRedis(redis, 5000);
    return await withStores(env, async (stores) => {
      const prefix = config.REDIS_PREFIX;
      const versions = createSessionVersions({
        accounts: stores.accounts,
        states: createSessionStateStore(stores.pool),
        cache: redis
          ? createRedisValues(redis, { prefix, namespace: 'ver' })
          : createMemoryValues({ namespace: 'ver' }),
        cacheTtlMs: 10 * 60_000,
      });
      const terminator = redis
        ? createSessionTerminator({
            store: createRedisAdapter(redis, { prefix }),
            index: createRedisSessionIndex(redis, { prefix }),
            audit: createDirectAuditLog(stores.pool),
            // The CLI only writes the outbox rows; the running instances' dispatchers deliver them.
            listeners: [
              createBackchannelLogoutListener({
                outbox: createOutboxStore(stores.pool),
                clients: stores.clients,
                deadlineSeconds: config.BACKCHANNEL_DEADLINE,
              }),
            ],
          })
        : undefined;
      return work({ ...stores, versions, ...(terminator ? { terminator } : {}) });
    });
  } finally {
    redis?.disconnect();
  }
}
