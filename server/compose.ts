import { createHmac } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { createMemoryDueQueue } from '../adapters/memory/due-queue.ts';
import { createMemoryLiveBus } from '../adapters/memory/live-bus.ts';
import { createMemoryAdapter } from '../adapters/memory/memory-adapter.ts';
import { createAccountStore } from '../adapters/postgres/account-store.ts';
import { createClientStore } from '../adapters/postgres/client-store.ts';
import { type Database, openDatabase } from '../adapters/postgres/database.ts';
import { createKeyStore } from '../adapters/postgres/key-store.ts';
import { migrate } from '../adapters/postgres/migrate.ts';
import { createOutboxStore } from '../adapters/postgres/outbox-store.ts';
import { createRgStore } from '../adapters/postgres/rg-store.ts';
import { createClientAnnouncer, subscribeClientChanges } from '../adapters/redis/client-changes.ts';
import { connectRedis, pingRedis } from '../adapters/redis/connect.ts';
import { createRedisDueQueue } from '../adapters/redis/due-queue.ts';
import { createRedisLiveBus } from '../adapters/redis/live-bus.ts';
import { createRedisAdapter } from '../adapters/redis/redis-adapter.ts';
import { createRedisSessionExpiry } from '../adapters/redis/session-expiry.ts';
import type { AccountStore } from './accounts/account-store.ts';
import { createFindAccount } from './accounts/find-account.ts';
import { createAdmin, createGrantIndex, withGrantIndex } from './admin/compose-admin.ts';
import { createApp } from './app.ts';
import type { AuditLog } from './audit/audit-log.ts';
import { type AuditPipeline, createAuditPipeline } from './audit/audit-pipeline.ts';
import { announcingClientStore } from './clients/announce-changes.ts';
import { createClientAdapter } from './clients/client-adapter.ts';
import { createClientCache } from './clients/client-cache.ts';
import type { ClientStore } from './clients/client-store.ts';
import type { Config } from './config.ts';
import { resolveCookieKeys } from './cookie-keys.ts';
import { createRateLimits } from './http/rate-limits-config.ts';
import type { KeyStore } from './keys/key-store.ts';
import { createLiveProvider, type LiveProvider } from './keys/live-keys.ts';
import { type BackchannelLogout, createBackchannelLogout } from './logout/backchannel-logout.ts';
import { backchannelUriPolicy } from './logout/backchannel-uri-policy.ts';
import { createObservability, type Observability } from './metrics/observability.ts';
import { createMfa } from './mfa/create-mfa.ts';
import { resolveMfaKey } from './mfa/encryption-key.ts';
import type { MfaService } from './mfa/mfa-service.ts';
import { createProvider } from './provider/create-provider.ts';
import { failClosed, failClosedFindAccount } from './provider/unavailable.ts';
import { accountRgRoutes } from './rg/account-rg-routes.ts';
import { adminRgRoutes } from './rg/admin-rg-routes.ts';
import { createRg, type Rg } from './rg/create-rg.ts';
import { createHttpExclusionRegister } from './rg/exclusion-register.ts';
import { createRetrack } from './rg/retrack.ts';
import type { SessionEndedListener } from './sessions/session-events.ts';
import type { SessionIndex } from './sessions/session-index.ts';
import { createSessionServices, type SessionServices } from './sessions/session-services.ts';
import type { SessionTerminator } from './sessions/terminate.ts';

export interface Pitboss {
  app: Koa;
  live: LiveProvider;
  database: Database;
  redis: Redis | Cluster | undefined;
  accounts: AccountStore;
  clients: ClientStore;
  keys: KeyStore;
  audit: AuditLog;
  /** The audit queue and its writer (tests drain it; close() stops it). */
  auditPipeline: AuditPipeline;
  /** Metrics registry, session event stream and session listeners (server/metrics/observability.ts). */
  observability: Observability;
  /** Prometheus registry every capability registers its metrics on (served at /metrics). */
  metrics: Observability['metrics'];
  mfa: MfaService;
  log: Logger;
  /** Back-channel logout: outbox, SessionEnded listener, dispatcher, expiry sweeper. */
  logout: BackchannelLogout;
  /** Session versions (bump + cache), session index, terminator: see server/sessions/. */
  sessions: SessionServices;
  /** Ends sessions and grants (admin API, caps, account changes); listeners hear every end. */
  terminator: SessionTerminator;
  /** Per-account session index (list an account's sessions without scanning). */
  sessionIndex: SessionIndex;
  /** Responsible gambling (limits, restrictions, register) and live session events: see server/rg/, server/live/. */
  rg: Rg;
  /** Stops timers and closes the stores this instance opened (not injected ones). */
  close(): Promise<void>;
}

/** Injected stores (tests build several instances on one Redis and one Postgres schema). */
export interface PitbossOverrides {
  database?: Database;
  redis?: Redis | Cluster;
  /** Extra listeners for ended sessions (added to any the composition root wires itself). */
  sessionListeners?: SessionEndedListener[];
}

/** The composition root: config -> stores -> provider -> app. `main.ts` adds listen and shutdown. */
export async function buildPitboss(
  config: Config,
  log: Logger,
  overrides: PitbossOverrides = {},
): Promise<Pitboss> {
  const database =
    overrides.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  await migrate(database.pool);
  const redis = overrides.redis ?? connectRedis(config);
  if (redis && !overrides.redis) {
    // Without a listener ioredis reports every failed reconnect as an unhandled error event.
    let lastLogged = 0;
    redis.on('error', (err: Error) => {
      if (Date.now() - lastLogged > 10_000) log.warn({ err: err.message }, 'redis connection error');
      lastLogged = Date.now();
    });
    await pingRedis(redis, 10_000);
  }
  const accounts = createAccountStore(database.pool);
  const backchannelPolicy = backchannelUriPolicy(config);
  // With Redis, client changes are announced to every instance's client cache (client-cache.ts).
  const announceClientChange = redis && createClientAnnouncer(redis, { prefix: config.REDIS_PREFIX });
  const onAnnounceError = (err: unknown) =>
    log.warn({ err: String(err) }, 'client change announcement failed');
  const baseClients = createClientStore(database.pool, backchannelPolicy);
  const clients = announceClientChange
    ? announcingClientStore(baseClients, announceClientChange, onAnnounceError)
    : baseClients;
  const keys = createKeyStore(database.pool);
  const auditPipeline = createAuditPipeline({ pool: database.pool, redis, prefix: config.REDIS_PREFIX, log });
  const sessionExpiry =
    redis &&
    createRedisSessionExpiry(redis, {
      prefix: config.REDIS_PREFIX,
      idleTtlSeconds: config.SESSION_IDLE_TTL,
      absoluteTtlSeconds: config.SESSION_ABSOLUTE_TTL,
      // Late-bound: the sweeper tracks sessions only once the app serves requests.
      limitMinutes: async (accountId) => (await sessions.versions.current(accountId))?.limitMinutes ?? null,
    });
  const observability = createObservability({
    countActiveSessions: sessionExpiry ? () => sessionExpiry.countActive() : undefined,
    config,
    log,
    pool: database.pool,
    redis,
    audit: auditPipeline.audit,
    auditQueues: auditPipeline.queues,
  });
  const audit = observability.audit;
  const cookieKeys = await resolveCookieKeys(config.cookieKeys, config.DATA_DIR);
  const tokenStore = redis
    ? createRedisAdapter(redis, { prefix: config.REDIS_PREFIX })
    : createMemoryAdapter();
  // Without Redis the cache never goes live: lookups read PGlite/Postgres (in-process and fast, and no one
  // to announce changes), and the cache only stands in while the store fails.
  const clientCache = createClientCache(clients);
  const clientFeed =
    redis &&
    subscribeClientChanges(
      redis,
      { prefix: config.REDIS_PREFIX },
      {
        changed: (clientId) => clientCache.invalidate(clientId),
        live: (isLive) => clientCache.setLive(isLive),
      },
    );
  const clientAdapter = createClientAdapter(clientCache);
  const findAccountBase = createFindAccount(accounts);
  const logout = createBackchannelLogout({
    outbox: createOutboxStore(database.pool),
    clients,
    keys,
    audit,
    log,
    registry: observability.metrics,
    issuer: config.ISSUER,
    deadlineSeconds: config.BACKCHANNEL_DEADLINE,
    dispatcher: { uriPolicy: backchannelPolicy },
    expiry: sessionExpiry,
  });
  // Live events and responsible gambling. The live stream keeps a session's events for its absolute lifetime.
  const liveTtlMs = config.SESSION_ABSOLUTE_TTL * 1000;
  const rgStore = createRgStore(database.pool);
  const rg = createRg({
    config,
    log,
    registry: observability.metrics,
    audit,
    store: rgStore,
    bus: redis
      ? createRedisLiveBus(redis, { prefix: config.REDIS_PREFIX, ttlMs: liveTtlMs })
      : createMemoryLiveBus({ ttlMs: liveTtlMs }),
    queue: redis
      ? createRedisDueQueue(redis, {
          prefix: config.REDIS_PREFIX,
          name: 'live',
          keyTtlMs: liveTtlMs + 7 * 24 * 60 * 60 * 1000,
        })
      : createMemoryDueQueue(),
    register: config.EXCLUSION_REGISTER_URL
      ? createHttpExclusionRegister({
          url: config.EXCLUSION_REGISTER_URL,
          timeoutMs: config.EXCLUSION_REGISTER_TIMEOUT_MS,
        })
      : undefined,
    sessionEvents: observability.sessionEvents,
    sessions: () => sessions,
    endAll: (accountId, reason, actor) => sessions.terminator.endAllForAccount(accountId, reason, actor),
    retrack: (accountId) => retrack(accountId),
    provider: () => live.current(),
  });
  const sessions = createSessionServices({
    config,
    redis,
    cookieKeys,
    audit,
    pool: database.pool,
    accounts,
    tokenStore,
    // Every ended session reaches back-channel logout, metrics and the session event stream.
    listeners: [
      logout.listener,
      observability.sessionEnded,
      rg.sessionEnded,
      ...(overrides.sessionListeners ?? []),
    ],
  });
  const retrack = createRetrack({
    index: () => sessions.index,
    versions: () => sessions.versions,
    terminator: () => sessions.terminator,
    scheduler: () => rg.scheduler,
    ...(sessionExpiry && {
      async trackExpiry(sessionId: string) {
        const record = await sessions.store('Session').find(sessionId);
        if (record) await sessionExpiry.track(record as never);
      },
    }),
  });
  const grantIndex = createGrantIndex(redis, config.REDIS_PREFIX);
  const indexedStore = withGrantIndex(sessions.store, grantIndex);
  const adapter = failClosed((name) => (name === 'Client' ? clientAdapter : indexedStore(name)));
  const findAccount = failClosedFindAccount(rg.findAccount(sessions.findAccount(findAccountBase), accounts));
  const mfaKey = await resolveMfaKey(config.mfaKey, config.DATA_DIR);
  const mfa = createMfa({ pool: database.pool, redis, prefix: config.REDIS_PREFIX, key: mfaKey, audit });

  const limits = createRateLimits(redis, config);
  const live = await createLiveProvider({
    keys,
    maxTokenAgeSeconds: Math.max(config.ID_TOKEN_TTL, config.ACCESS_TOKEN_TTL) + 300,
    build: (jwks) =>
      rg.install(
        logout.install(
          sessions.install(
            createProvider({
              config,
              cookieKeys,
              jwks,
              adapter,
              findAccount,
              setup: observability.setupProvider,
              tokenLimits: limits.token,
              mfa,
            }),
          ),
        ),
      ),
    onError: (err) => log.warn({ err }, 'signing key refresh failed'),
  });

  const probes = {
    postgres: async () => {
      await database.pool.query('select 1');
    },
    ...(redis ? { redis: () => pingRedis(redis, 1000) } : {}),
  };
  const csrfSecret = createHmac('sha256', cookieKeys[0]!).update('pitboss csrf').digest('base64url');
  const adminDeps = { config, database, redis, accounts, clients, audit, live, cookieKeys, log, adapter };
  const admin = await createAdmin({
    ...adminDeps,
    ...(announceClientChange ? { announceClientChange, onAnnounceError } : {}),
    grantIndex,
    sessions,
    logout,
  });
  const app = createApp({
    cookieKeys,
    live,
    accounts: rg.signInAccounts(sessions.loginAccounts),
    player: [
      ...rg.routers,
      accountRgRoutes({
        provider: live.current,
        accounts,
        csrfSecret,
        rg: rg.rg,
        store: rgStore,
        coolingOffSeconds: config.RG_COOLING_OFF,
      }),
    ],
    audit,
    mfa,
    log,
    csrfSecret,
    probes,
    trustProxy: config.TRUST_PROXY,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    issuer: config.ISSUER,
    limits,
    // Responsible gambling's admin routes first: their own file, the admin API's authentication and errors.
    admin: [adminRgRoutes({ provider: live.current, accounts, rg: rg.rg, store: rgStore, log }), ...admin],
    requestLog: observability.requestLog,
    metricsRoute: observability.metricsRoute,
  });
  logout.start();
  rg.start();

  return {
    app,
    live,
    database,
    redis,
    accounts,
    clients,
    keys,
    audit,
    auditPipeline,
    observability,
    metrics: observability.metrics,
    mfa,
    log,
    logout,
    sessions,
    terminator: sessions.terminator,
    sessionIndex: sessions.index,
    rg,
    async close() {
      live.stop();
      await rg.stop();
      clientFeed?.close();
      await logout.stop();
      await auditPipeline.close();
      if (!overrides.redis && redis) redis.disconnect();
      if (!overrides.database) await database.close();
    },
  };
}
