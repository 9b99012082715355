import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** Reconnect forever, backing off from 50 ms to 2 s, so the app heals by itself when Redis returns. */
function backoff(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 6), 2000);
}

/**
 * Per-connection options. A Redis outage must surface as a rejected command within a few seconds (the
 * server answers 503) instead of a request hanging: commands queued while disconnected fail after one
 * reconnect attempt, a dead socket is given up after 2 s, and a hung server after 2 s per command.
 */
const connectionOptions: RedisOptions = {
  lazyConnect: false,
  connectTimeout: 2000,
  commandTimeout: 2000,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: true,
  retryStrategy: backoff,
  // enableAutoPipelining stays off: it saved socket writes under load, but during an outage requests waited
  // about 0.5 s longer for their 503 (test/hardening/redis-outage.test.ts bounds that wait).
};

/** Connects to Redis Cluster (if nodes are given) or a single Redis; undefined when neither is configured. */
export function connectRedis(config: {
  REDIS_URL?: string | undefined;
  redisClusterNodes?: readonly { host: string; port: number }[] | undefined;
}): Redis | Cluster | undefined {
  if (config.redisClusterNodes?.length) {
    return new Cluster([...config.redisClusterNodes], {
      lazyConnect: false,
      // The cluster-level queue has no retry bound: while no node is reachable it would hold commands
      // until the cluster returns. Fail them at once instead; pingRedis waits for `ready` at start-up.
      enableOfflineQueue: false,
      clusterRetryStrategy: backoff,
      slotsRefreshTimeout: 2000,
      // Node connections: the cluster owns reconnects and queueing, only the time bounds apply here.
      redisOptions: { connectTimeout: 2000, commandTimeout: 2000, maxRetriesPerRequest: 1 },
    });
  }
  if (config.REDIS_URL) return new Redis(config.REDIS_URL, connectionOptions);
  return undefined;
}

/** Resolves when Redis is ready and answers PING within `timeoutMs`; rejects otherwise (readiness probes, start-up). */
export async function pingRedis(redis: Redis | Cluster, timeoutMs: number): Promise<void> {
  const cleanup: (() => void)[] = [];
  const timeout = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`Redis did not answer PING within ${timeoutMs} ms (connection ${redis.status})`));
    }, timeoutMs);
    cleanup.push(() => clearTimeout(timer));
  });
  try {
    await Promise.race([untilReady(redis, cleanup).then(() => redis.ping()), timeout]);
  } finally {
    for (const fn of cleanup) fn();
  }
}

const CONNECTING = new Set(['connecting', 'connect', 'reconnecting']);

/** Waits for `ready` while the client is still connecting (a Cluster rejects commands until then). */
function untilReady(redis: Redis | Cluster, cleanup: (() => void)[]): Promise<void> {
  if (!CONNECTING.has(redis.status)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => resolve();
    redis.once('ready', done);
    redis.once('end', done);
    // Removed on timeout too, so repeated probes during an outage do not pile up listeners.
    cleanup.push(() => {
      redis.off('ready', done);
      redis.off('end', done);
    });
  });
}
