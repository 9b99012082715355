import type { Cluster, Redis } from 'ioredis';
import type Koa from 'koa';
import type { ClientMetadata } from 'oidc-provider';
import type { Logger } from 'pino';
import { createStores, type Stores } from '../adapters/create-stores.ts';
import type { Database } from '../adapters/postgres/database.ts';
import { factorChangeMailer } from './account/factor-mail.ts';
import { recentReauth } from './account/recent-reauth.ts';
import type { AccountCommands } from './accounts/account-commands.ts';
import type { AccountStore } from './accounts/account-store.ts';
import { createFindAccount } from './accounts/find-account.ts';
import { createAdmin } from './admin/compose-admin.ts';
import { createLockouts } from './admin/lockouts.ts';
import { createApp } from './app.ts';
import type { AuditLog } from './audit/audit-log.ts';
import { type AuditPipeline, createAuditPipeline } from './audit/audit-pipeline.ts';
import { typedEmailHasher } from './audit/typed-email.ts';
import type { BrandStore } from './brands/brand.ts';
import { createClientAdapter } from './clients/client-adapter.ts';
import { createClientCache } from './clients/client-cache.ts';
import type { ClientStore } from './clients/client-store.ts';
import type { Config } from './config.ts';
import { resolveCookieKeys } from './cookie-keys.ts';
import { createDeviceRecognition, type DeviceRecognition } from './devices/device-recognition.ts';
import { newDeviceMailNotifier } from './devices/new-device-mail.ts';
import { createRateLimits } from './http/rate-limits-config.ts';
import { deriveSecret } from './keys/derive-secret.ts';
import type { KeyStore } from './keys/key-store.ts';
import { createLiveProvider, type LiveProvider } from './keys/live-keys.ts';
import { type BackchannelLogout, createBackchannelLogout } from './logout/backchannel-logout.ts';
import { backchannelUriPolicy } from './logout/backchannel-uri-policy.ts';
import { createObservability, type Observability } from './metrics/observability.ts';
import { createMfa } from './mfa/create-mfa.ts';
import { resolveMfaKey } from './mfa/encryption-key.ts';
import type { MfaService } from './mfa/mfa-service.ts';
import { createPasskeyAdmin, type PasskeyAdmin } from './passkeys/admin-passkeys.ts';
import { createPasskeys } from './passkeys/create-passkeys.ts';
import type { PasskeyService } from './passkeys/passkey-service.ts';
import { createPlayerSide, type PlayerSide } from './players/compose-players.ts';
import { mailThrottle } from './players/mail-throttle.ts';
import { passwordChangedMailer } from './players/password-changed-mail.ts';
import { playerAccounts } from './players/player-accounts.ts';
import { createProvider } from './provider/create-provider.ts';
import { failClosedFindAccount } from './provider/unavailable.ts';
import { accountRgRoutes } from './rg/account-rg-routes.ts';
import { rgSummary } from './rg/admin-rg-routes.ts';
import { createRg, type Rg } from './rg/create-rg.ts';
import { createHttpExclusionRegister } from './rg/exclusion-register.ts';
import { registrationCheck } from './rg/registration-check.ts';
import { createRetrack } from './rg/retrack.ts';
import { createEndRequestRunner } from './sessions/end-request-runner.ts';
import type { SessionEndedListener } from './sessions/session-events.ts';
import type { SessionIndex } from './sessions/session-index.ts';
import { createSessionServices, type SessionServices } from './sessions/session-services.ts';
import type { SessionTerminator } from './sessions/terminate.ts';
import type { ClientTtls, ClientTtlsOf } from './sessions/timeouts.ts';

export interface Pitboss {
  app: Koa;
  live: LiveProvider;
  /** Every store, as built by the registry (adapters/create-stores.ts). */
  stores: Stores;
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
  /** Passkey ceremonies, credentials, limits (server/passkeys). */
  passkeys: PasskeyService;
  /** Device cookie recognition and the new-device step-up (server/devices). */
  devices: DeviceRecognition;
  /** Passkeys for the admin API: list an account's, remove them on MFA reset (issue 18 calls it). */
  passkeyAdmin: PasskeyAdmin;
  log: Logger;
  /** Back-channel logout: outbox, SessionEnded listener, dispatcher, expiry sweeper. */
  logout: BackchannelLogout;
  /** Session versions (cache), session index, terminator, account commands: see server/sessions/. */
  sessions: SessionServices;
  /** The one path for account changes (server/accounts/account-commands.ts). */
  commands: AccountCommands;
  /** The player's side: mailer, brand resolver, self-service and demo routes (server/players/). */
  players: PlayerSide;
  /** Brands (pitboss brand add/list). */
  brands: BrandStore;
  /** The one path by which sessions and grants end; listeners hear every end. */
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

/** The composition root: config -> stores (the registry) -> provider -> app. `main.ts` adds listen and shutdown. */
export async function buildPitboss(
  config: Config,
  log: Logger,
  overrides: PitbossOverrides = {},
): Promise<Pitboss> {
  const stores = await createStores(config, { database: overrides.database, redis: overrides.redis, log });
  const { database, redis } = stores;
  const auditPipeline = createAuditPipeline({ store: stores.audit.store, queue: stores.audit.queue, log });
  // A client's own lifetimes tell an absolute end from an idle one; a failed read only loses that label
  // (the end itself is the record's), never the schedule. Late-bound: the client cache is built below.
  const clientTtls: ClientTtlsOf = (clientId) =>
    clientCache.findMetadata(clientId).then(
      (metadata) => metadata as ClientTtls | undefined,
      () => undefined,
    );
  const sessionExpiry = stores.sessionExpiry({
    idleTtlSeconds: config.SESSION_IDLE_TTL,
    absoluteTtlSeconds: config.SESSION_ABSOLUTE_TTL,
    clientTtls,
    // Late-bound: the sweeper tracks sessions only once the app serves requests.
    limitMinutes: async (accountId) => (await sessions.versions.current(accountId))?.limitMinutes ?? null,
  });
  const observability = createObservability({
    countActiveSessions: () => sessionExpiry.countActive(),
    sessionEvents: stores.sessionEvents,
    config,
    log,
    pool: database.pool,
    redis,
    audit: auditPipeline.audit,
    auditQueues: auditPipeline.queues,
  });
  const audit = observability.audit;
  const cookieKeys = await resolveCookieKeys(config.cookieKeys, config.DATA_DIR);
  // The cache goes live only while change announcements arrive (Redis); otherwise lookups read the database
  // (in-process and fast on the embedded defaults) and the cache only stands in while the store fails.
  const clientCache = createClientCache(stores.clients);
  const clientFeed = stores.clientChanges.subscribe({
    changed: (clientId) => clientCache.invalidate(clientId),
    live: (isLive) => clientCache.setLive(isLive),
  });
  const logout = createBackchannelLogout({
    outbox: stores.outbox,
    clients: stores.clients,
    keys: stores.keys,
    audit,
    log,
    registry: observability.metrics,
    issuer: config.ISSUER,
    deadlineSeconds: config.BACKCHANNEL_DEADLINE,
    dispatcher: { uriPolicy: backchannelUriPolicy(config) },
    expiry: sessionExpiry,
    endExpired: (event) => sessions.terminator.endScheduled(event),
  });
  // Live events and responsible gambling. The live stream keeps a session's events for its absolute lifetime.
  const liveTtlMs = config.SESSION_ABSOLUTE_TTL * 1000;
  const rg = createRg({
    config,
    log,
    registry: observability.metrics,
    audit,
    store: stores.rg,
    bus: stores.liveBus({ ttlMs: liveTtlMs }),
    queue: stores.liveQueue({ keyTtlMs: liveTtlMs + 7 * 24 * 60 * 60 * 1000 }),
    register: config.EXCLUSION_REGISTER_URL
      ? createHttpExclusionRegister({
          url: config.EXCLUSION_REGISTER_URL,
          timeoutMs: config.EXCLUSION_REGISTER_TIMEOUT_MS,
        })
      : undefined,
    sessionEvents: stores.sessionEvents,
    sessions: () => sessions,
    restrictAccount: (accountId, restriction, by) =>
      sessions.commands.restrict(accountId, restriction, {
        surface: by.surface,
        id: by.actor,
        reason: by.reason,
      }),
    retrack: (accountId) => retrack(accountId),
    provider: () => live.current(),
    clientTtls,
  });
  const sessions = createSessionServices({
    config,
    cookieKeys,
    audit,
    accounts: stores.accounts,
    states: stores.sessionStates,
    mfa: stores.mfa,
    passkeys: stores.passkeys,
    devices: stores.devices,
    restrictions: stores.rg,
    tokenStore: stores.tokenStore,
    index: stores.sessionIndex,
    grantIndex: stores.grantIndex,
    values: stores.values,
    sessionStore: stores.sessionStore,
    clients: createClientAdapter(clientCache),
    forgetExpiry: (uid) => sessionExpiry.forget({ jti: '', uid }),
    // `players` is built below; the mail is only sent once a command runs.
    tell: passwordChangedMailer({
      send: (mail) => players.mailer.send(mail),
      issuer: config.ISSUER,
      onError: (err) => log.warn({ err: String(err) }, 'password-changed mail not queued'),
    }),
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
    findSession: async (sessionId) => (await sessions.guardedStore('Session').find(sessionId)) as never,
    async trackExpiry(sessionId: string) {
      const record = await sessions.guardedStore('Session').find(sessionId);
      if (record) await sessionExpiry.track(record as never);
    },
  });
  // Endings queued by the CLI (or any process without this instance's session store) run here.
  const endRequests = createEndRequestRunner({
    queue: stores.endRequests,
    terminator: sessions.terminator,
    versions: sessions.versions,
    // `pitboss user unlock` on the embedded defaults: the counters are this instance's (memory store).
    async unlock(accountId) {
      const account = await stores.accounts.findById(accountId);
      if (!account) return { login: false, mfa: false };
      const lockouts = createLockouts({ login: limits.login, mfa });
      const was = await lockouts.status(account);
      await lockouts.clear(account);
      return { login: was.login.locked, mfa: was.mfa.locked };
    },
    // Best effort: a failed re-plan must not hold the queue (the session's next save re-plans it too).
    changed: (accountId) =>
      rg
        .accountChanged(accountId)
        .catch((err) => log.warn({ err: String(err) }, 're-planning sessions failed')),
    log,
  });
  const findAccount = failClosedFindAccount(
    rg.findAccount(sessions.findAccount(createFindAccount(stores.accounts)), stores.accounts),
  );
  const mfaKey = await resolveMfaKey(config.mfaKey, config.DATA_DIR);
  const passkeys = createPasskeys({
    store: stores.passkeys,
    values: stores.values('pkc'),
    counters: stores.counters,
    prefix: config.REDIS_PREFIX,
    audit,
    registry: observability.metrics,
    webauthn: config.webauthn,
  });
  const mfa = createMfa({
    store: stores.mfa,
    guard: stores.replayGuard,
    counters: stores.counters,
    prefix: config.REDIS_PREFIX,
    key: mfaKey,
    audit,
    lockoutSeconds: config.MFA_LOCKOUT_SECONDS,
    pending: stores.values('mfa:pending'),
    passkeys,
  });
  // When an account signed in before the current sign-in: shown right after it (N.J.A.C. 13:69O-1.2(c));
  // an account's first sign-in sends no new-device mail.
  const previousLogin = (accountId: string) => stores.rg.previousLogin(accountId);
  const devices = createDeviceRecognition({
    store: stores.devices,
    audit,
    stepUp: config.NEW_DEVICE_MFA,
    // Late-bound: the mailer comes with the player's side, built below.
    notify: newDeviceMailNotifier({
      send: (mail) => players.mailer.send(mail),
      issuer: config.ISSUER,
      previousLogin,
    }),
    onNotifyError: (err) => log.warn({ err: String(err) }, 'new-device notice failed'),
  });

  const limits = createRateLimits(stores.counters, config, stores.counterBatch);
  const csrfSecret = deriveSecret(cookieKeys[0]!, 'csrf').toString('base64url');
  const typedEmail = typedEmailHasher(deriveSecret(cookieKeys[0]!, 'audit typed email'));
  // The player's side: mail, brands, registration/verification/reset pages, the account and demo clients.
  const players = await createPlayerSide({
    config,
    log,
    audit,
    csrfSecret,
    provider: () => live.current(),
    // Through the client cache, as oidc-provider's own Client lookups (a change drops it on announcement).
    clientMetadata: async (clientId) =>
      (await clientCache.findMetadata(clientId).catch(() => undefined)) as
        | Record<string, unknown>
        | undefined,
    accounts: playerAccounts(stores.accounts, sessions.commands),
    tokens: stores.accountTokens,
    brands: stores.brands,
    mailOutbox: stores.mailOutbox,
    throttle: mailThrottle(stores.counters, config.REDIS_PREFIX),
    ensureClient: (metadata) => stores.clients.ensure(metadata as ClientMetadata & { client_id: string }),
    exclusionCheck: rg.gate && registrationCheck(rg.gate, typedEmail),
  });
  const rolesOf = async (accountId: string) => (await stores.accounts.findById(accountId))?.roles ?? [];
  const live = await createLiveProvider({
    keys: stores.keys,
    maxTokenAgeSeconds: Math.max(config.ID_TOKEN_TTL, config.ACCESS_TOKEN_TTL) + 300,
    build: (jwks) =>
      rg.install(
        logout.install(
          sessions.install(
            createProvider({
              config,
              cookieKeys,
              jwks,
              adapter: sessions.adapter,
              findAccount,
              setup: observability.setupProvider,
              tokenLimits: limits.token,
              mfa,
              brandOf: players.brandOf,
              rolesOf,
            }),
          ),
        ),
      ),
    onError: (err) => log.warn({ err }, 'signing key refresh failed'),
  });

  const passkeyAdmin = createPasskeyAdmin({ passkeys, devices });
  const admin = await createAdmin({
    config,
    accounts: stores.accounts,
    clients: stores.clients,
    brands: stores.brands,
    auditReader: stores.audit.reader,
    auditExport: stores.audit.export,
    operator: stores.operator,
    audit,
    live,
    cookieKeys,
    log,
    uiValues: stores.values('admin-ui'),
    grantIndex: stores.grantIndex,
    sessions,
    logout,
    mfa,
    passkeys: passkeyAdmin,
    loginLimits: limits.login,
    activeSessions: () => observability.counters.sources.activeSessions?.() ?? Promise.resolve(0),
    sendPasswordReset: players.sendPasswordReset,
    rg: { restrict: rg.rg.restrict, summary: (accountId) => rgSummary(rg.rg, stores.rg, accountId) },
  });
  const app = createApp({
    cookieKeys,
    live,
    accounts: rg.signInAccounts(sessions.loginAccounts),
    player: [
      ...rg.routers,
      accountRgRoutes({
        provider: live.current,
        accounts: stores.accounts,
        csrfSecret,
        issuer: config.ISSUER,
        brandOf: players.brandOf,
        rg: rg.rg,
        store: stores.rg,
        coolingOffSeconds: config.RG_COOLING_OFF,
      }),
    ],
    commands: sessions.commands,
    audit,
    mfa,
    passkeys,
    recentReauth: recentReauth(stores.values('account:reauth')),
    factorMail: factorChangeMailer({
      send: (mail) => players.mailer.send(mail),
      issuer: config.ISSUER,
      onError: (err) => log.warn({ err: String(err) }, 'factor-change mail not queued'),
    }),
    devices,
    previousLogin,
    log,
    csrfSecret,
    typedEmail,
    probes: stores.probes,
    trustProxy: config.TRUST_PROXY,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    issuer: config.ISSUER,
    limits,
    admin,
    requestLog: observability.requestLog,
    metricsRoute: observability.metricsRoute,
    pages: players.routers,
    brandOf: players.brandOf,
    requireVerifiedEmail: config.REQUIRE_EMAIL_VERIFICATION,
  });
  logout.start();
  players.start();
  endRequests.start();
  rg.start();

  return {
    app,
    live,
    stores,
    database,
    redis,
    accounts: stores.accounts,
    clients: stores.clients,
    keys: stores.keys,
    audit,
    auditPipeline,
    observability,
    metrics: observability.metrics,
    mfa,
    passkeys,
    devices,
    passkeyAdmin,
    log,
    logout,
    sessions,
    commands: sessions.commands,
    players,
    brands: stores.brands,
    terminator: sessions.terminator,
    sessionIndex: sessions.index,
    rg,
    async close() {
      live.stop();
      await rg.stop();
      clientFeed.close();
      await endRequests.stop();
      await players.stop();
      await logout.stop();
      await auditPipeline.close();
      await stores.close();
    },
  };
}
