import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AccountStore } from '../server/accounts/account-store.ts';
import type { AccountTokenStore } from '../server/accounts/account-tokens.ts';
import type { AccountSearch, DeliveryReader } from '../server/admin/ports.ts';
import type { StatsDeps } from '../server/admin/stats.ts';
import type { AuditLog } from '../server/audit/audit-log.ts';
import type { AuditQueue } from '../server/audit/audit-queue.ts';
import type { AuditExport, AuditReader } from '../server/audit/audit-reader.ts';
import type { AuditStore } from '../server/audit/audit-store.ts';
import type { BrandStore } from '../server/brands/brand.ts';
import { announcingClientStore } from '../server/clients/announce-changes.ts';
import type { ClientChangeFeed } from '../server/clients/client-change-feed.ts';
import type { ClientStore } from '../server/clients/client-store.ts';
import type { Config } from '../server/config.ts';
import type { DeviceStore } from '../server/devices/device-store.ts';
import type { SessionEventStream } from '../server/events/session-stream.ts';
import type { CounterBatch, CounterFactory } from '../server/http/rate-limits.ts';
import type { KeyStore } from '../server/keys/key-store.ts';
import type { DueQueue, LiveBus } from '../server/live/live-event.ts';
import { backchannelUriPolicy } from '../server/logout/backchannel-uri-policy.ts';
import type { SessionExpirySchedule } from '../server/logout/expiry-sweeper.ts';
import type { LogoutOutbox } from '../server/logout/outbox.ts';
import type { ScheduleOptions } from '../server/logout/session-expiry-rules.ts';
import { createSessionExpirySchedule } from '../server/logout/session-expiry-schedule.ts';
import type { MailOutbox } from '../server/mail/mail-outbox.ts';
import type { MfaStore } from '../server/mfa/mfa-store.ts';
import type { ReplayGuard } from '../server/mfa/replay-guard.ts';
import type { PasskeyStore } from '../server/passkeys/passkey-store.ts';
import type { AdapterFactory } from '../server/provider/token-store.ts';
import type { RgStore } from '../server/rg/rg-store.ts';
import type { EndRequestQueue } from '../server/sessions/end-requests.ts';
import type { ExpiringValues } from '../server/sessions/expiring-values.ts';
import type { GrantIndex } from '../server/sessions/grant-index.ts';
import type { SessionIndex } from '../server/sessions/session-index.ts';
import type { SessionStateStore } from '../server/sessions/session-state.ts';
import { memoryCounters } from './memory/counters.ts';
import { createMemoryDueQueue } from './memory/due-queue.ts';
import { createMemoryValues } from './memory/expiring-values.ts';
import { createMemoryGrantIndex } from './memory/grant-index.ts';
import { createMemoryLiveBus } from './memory/live-bus.ts';
import { createMemoryAdapter } from './memory/memory-adapter.ts';
import { MemoryStore } from './memory/memory-store.ts';
import { createMemoryReplayGuard } from './memory/replay-guard.ts';
import { createMemorySessionIndex } from './memory/session-index.ts';
import { createMemorySessionEventStream } from './memory/session-stream.ts';
import { createAccountSearch } from './postgres/account-search.ts';
import { createAccountStore } from './postgres/account-store.ts';
import { createAccountTokenStore } from './postgres/account-token-store.ts';
import { createAuditFigures, createBackchannelFigures } from './postgres/admin-figures.ts';
import { createCursorAuditExport, createKeysetAuditExport } from './postgres/audit-export.ts';
import { createAuditReader } from './postgres/audit-reader.ts';
import { createDirectAuditLog, createPostgresAuditStore } from './postgres/audit-store.ts';
import { createBrandStore } from './postgres/brand-store.ts';
import { createClientStore } from './postgres/client-store.ts';
import { type Database, openDatabase } from './postgres/database.ts';
import { createDeliveryReader } from './postgres/delivery-reader.ts';
import { createDeviceStore } from './postgres/device-store.ts';
import { createEndRequestStore } from './postgres/end-request-store.ts';
import { createKeyStore } from './postgres/key-store.ts';
import { createMailOutboxStore } from './postgres/mail-outbox-store.ts';
import { createMfaStore } from './postgres/mfa-store.ts';
import { migrate } from './postgres/migrate.ts';
import { createOutboxStore } from './postgres/outbox-store.ts';
import { createPasskeyStore } from './postgres/passkey-store.ts';
import { createRgStore } from './postgres/rg-store.ts';
import { createSessionStateStore } from './postgres/session-state-store.ts';
import { createRedisAuditQueue } from './redis/audit-stream.ts';
import { redisClientChanges } from './redis/client-changes.ts';
import { connectRedis, pingRedis } from './redis/connect.ts';
import { redisCounterBatch, redisCounters } from './redis/counters.ts';
import { createRedisDueQueue } from './redis/due-queue.ts';
import { createRedisValues } from './redis/expiring-values.ts';
import { createRedisGrantIndex } from './redis/grant-index.ts';
import { createRedisLiveBus } from './redis/live-bus.ts';
import { createRedisAdapter } from './redis/redis-adapter.ts';
import { createRedisReplayGuard } from './redis/replay-guard.ts';
import { createRedisSessionIndex } from './redis/session-index.ts';
import { createRedisSessionEventStream } from './redis/session-stream.ts';

/**
 * Every store Pitboss uses, as the interfaces the domains declare. Built by `createStores`, the only place
 * that chooses between Redis (or Redis Cluster), process memory (the embedded default) and Postgres or the
 * embedded PGlite. The server (server/compose.ts), the CLI (server/cli/cli-stores.ts) and the test helpers
 * all build through it.
 */
export interface Stores {
  /** `shared`: Redis, every instance (and the CLI) sees the same sessions; `memory`: this process only. */
  readonly sessionStore: 'shared' | 'memory';
  readonly database: Database;
  /** The Redis connection, for metrics instrumentation and readiness only; undefined on the embedded defaults. */
  readonly redis: Redis | Cluster | undefined;
  /** Migrations this call applied. */
  readonly applied: string[];
  // Postgres (or PGlite)
  readonly accounts: AccountStore;
  readonly sessionStates: SessionStateStore;
  /** Responsible-gambling limits and restrictions with their history. */
  readonly rg: RgStore;
  /** With Redis, every change is announced to the instances' client caches. */
  readonly clients: ClientStore;
  readonly keys: KeyStore;
  readonly mfa: MfaStore;
  /** WebAuthn credentials (server/passkeys). */
  readonly passkeys: PasskeyStore;
  /** Browsers each account has signed in from (server/devices, the new-device step-up). */
  readonly devices: DeviceStore;
  readonly outbox: LogoutOutbox;
  readonly endRequests: EndRequestQueue;
  /** Player mail queued durably, sent by any instance (server/mail/). */
  readonly mailOutbox: MailOutbox;
  readonly brands: BrandStore;
  /** Single-use verification and reset links (hashes only). */
  readonly accountTokens: AccountTokenStore;
  readonly audit: {
    store: AuditStore;
    reader: AuditReader;
    /** The NDJSON export's reader: a Postgres cursor, or keyset batches on PGlite (one shared backend). */
    export: AuditExport;
    /** The shared audit queue (a Redis stream); undefined on the embedded defaults (memory queue only). */
    queue: AuditQueue | undefined;
    /** Writes straight to audit_log (one-shot processes such as the CLI). */
    direct: AuditLog;
  };
  /** What operators read besides the audit trail: account search, dashboard figures, ending reports. */
  readonly operator: {
    search: AccountSearch;
    auditFigures: StatsDeps['audit'];
    backchannelFigures: StatsDeps['backchannel'];
    deliveries: DeliveryReader;
  };
  // Redis, or memory on the embedded defaults
  /** oidc-provider's record store, before the layers of server/provider/token-store-layers.ts. */
  readonly tokenStore: AdapterFactory;
  readonly sessionIndex: SessionIndex;
  readonly grantIndex: GrantIndex;
  /** Expiring string values in a namespace (refresh successors `succ`, version cache `ver`, console `admin-ui`). */
  values(namespace: string): ExpiringValues;
  /** The idle/absolute/time-limit schedule the expiry sweeper reads. */
  sessionExpiry(options: ScheduleOptions): SessionExpirySchedule;
  readonly sessionEvents: SessionEventStream;
  /** Live events for apps (GET /session/events) between instances, kept `ttlMs` for Last-Event-ID replay. */
  liveBus(options: { ttlMs: number }): LiveBus;
  /** The live-event schedule (expiry warnings, reality checks), claimed once across instances. */
  liveQueue(options: { keyTtlMs: number }): DueQueue;
  readonly clientChanges: ClientChangeFeed;
  /** Rate-limit counters (login, token endpoint, admin API, MFA attempts). */
  readonly counters: CounterFactory;
  /** Several of those counters in one round trip (Redis only; the token endpoint's pair). */
  readonly counterBatch: CounterBatch | undefined;
  readonly replayGuard: ReplayGuard;
  /** Readiness probes by store name (`postgres`, `redis`). */
  readonly probes: Record<string, () => Promise<void>>;
  /** Closes what this call opened (not injected connections). */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** An open database to use instead of opening the configured one (tests share one schema). */
  database?: Database | undefined;
  /** A Redis connection to use instead of connecting to the configured one. */
  redis?: Redis | Cluster | undefined;
  log?: Pick<Logger, 'warn'> | undefined;
  /** Pool size when this call opens the database (the CLI needs 2). */
  poolMax?: number | undefined;
  /** Do not connect to the configured Redis: memory stands in (CLI commands that touch Postgres only). */
  withoutRedis?: boolean | undefined;
}

/** Opens (or adopts) Postgres and Redis, migrates, and builds every store from the config. */
export async function createStores(config: Config, options: StoreOptions = {}): Promise<Stores> {
  const database =
    options.database ??
    (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, max: options.poolMax }));
  const applied = await migrate(database.pool);
  const redis = options.redis ?? (options.withoutRedis ? undefined : connectRedis(config));
  if (redis && !options.redis) {
    watchRedisErrors(redis, options.log);
    try {
      await pingRedis(redis, 10_000);
    } catch (err) {
      redis.disconnect();
      if (!options.database) await database.close();
      throw err;
    }
  }
  const { pool } = database;
  const prefix = config.REDIS_PREFIX;
  const clientChanges: ClientChangeFeed = redis
    ? redisClientChanges(redis, { prefix })
    : { announce: async () => undefined, subscribe: () => ({ close() {} }) };
  const baseClients = createClientStore(pool, backchannelUriPolicy(config));
  const onAnnounceError = (err: unknown) =>
    options.log?.warn({ err: String(err) }, 'client change announcement failed');
  const memory = new MemoryStore();

  return {
    sessionStore: redis ? 'shared' : 'memory',
    database,
    redis,
    applied,
    accounts: createAccountStore(pool),
    sessionStates: createSessionStateStore(pool),
    rg: createRgStore(pool),
    clients: redis
      ? announcingClientStore(baseClients, clientChanges.announce, onAnnounceError)
      : baseClients,
    keys: createKeyStore(pool),
    mfa: createMfaStore(pool),
    passkeys: createPasskeyStore(pool),
    devices: createDeviceStore(pool),
    outbox: createOutboxStore(pool),
    endRequests: createEndRequestStore(pool),
    mailOutbox: createMailOutboxStore(pool),
    brands: createBrandStore(pool),
    accountTokens: createAccountTokenStore(pool),
    audit: {
      store: createPostgresAuditStore(pool),
      reader: createAuditReader(pool),
      export: database.embedded ? createKeysetAuditExport(pool) : createCursorAuditExport(pool),
      queue: redis ? createRedisAuditQueue(redis, { prefix }) : undefined,
      direct: createDirectAuditLog(pool),
    },
    operator: {
      search: createAccountSearch(pool),
      auditFigures: createAuditFigures(pool),
      backchannelFigures: createBackchannelFigures(pool),
      deliveries: createDeliveryReader(pool),
    },
    tokenStore: redis ? createRedisAdapter(redis, { prefix }) : createMemoryAdapter(),
    sessionIndex: redis ? createRedisSessionIndex(redis, { prefix }) : createMemorySessionIndex(),
    grantIndex: redis ? createRedisGrantIndex(redis, { prefix }) : createMemoryGrantIndex(),
    values: (namespace) =>
      redis
        ? createRedisValues(redis, { prefix, namespace })
        : createMemoryValues({ store: memory, namespace }),
    // One live session a member: `{sessexp}:due` (uid -> earliest end) and `:data`, kept a week past the
    // absolute lifetime; a claim is leased briefly so a dead instance's claims come due again within seconds.
    sessionExpiry: (schedule) =>
      createSessionExpirySchedule(
        redis
          ? createRedisDueQueue(redis, {
              prefix,
              name: 'sessexp',
              keyTtlMs: (schedule.absoluteTtlSeconds + 7 * 24 * 3600) * 1000,
              leaseMs: schedule.leaseMs ?? 10_000,
            })
          : createMemoryDueQueue({ leaseMs: schedule.leaseMs ?? 30_000 }),
        schedule,
      ),
    sessionEvents: redis ? createRedisSessionEventStream(redis, prefix) : createMemorySessionEventStream(),
    liveBus: ({ ttlMs }) =>
      redis ? createRedisLiveBus(redis, { prefix, ttlMs }) : createMemoryLiveBus({ ttlMs }),
    liveQueue: ({ keyTtlMs }) =>
      redis ? createRedisDueQueue(redis, { prefix, name: 'live', keyTtlMs }) : createMemoryDueQueue(),
    clientChanges,
    counters: redis ? redisCounters(redis) : memoryCounters(),
    counterBatch: redis ? redisCounterBatch(redis) : undefined,
    replayGuard: redis ? createRedisReplayGuard(redis, prefix) : createMemoryReplayGuard(),
    probes: {
      postgres: async () => {
        await pool.query('select 1');
      },
      ...(redis ? { redis: () => pingRedis(redis, 1000) } : {}),
    },
    async close() {
      if (redis && !options.redis) redis.disconnect();
      if (!options.database) await database.close();
    },
  };
}

/** Without a listener ioredis reports every failed reconnect as an unhandled error event; log one in 10 s. */
function watchRedisErrors(redis: Redis | Cluster, log: StoreOptions['log']): void {
  let lastLogged = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastLogged > 10_000) log?.warn({ err: err.message }, 'redis connection error');
    lastLogged = Date.now();
  });
}
