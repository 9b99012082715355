import type Provider from 'oidc-provider';
import type { FindAccount } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Account, AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import type { SessionEventStream } from '../events/session-stream.ts';
import type { DueQueue, LiveBus } from '../live/live-event.ts';
import { createLiveScheduler } from '../live/live-scheduler.ts';
import { sessionEventsRoutes } from '../live/session-events-route.ts';
import type { SessionEndedListener } from '../sessions/session-events.ts';
import type { SessionIndex } from '../sessions/session-index.ts';
import type { SessionVersions } from '../sessions/session-versions.ts';
import type { ClientTtlsOf } from '../sessions/timeouts.ts';
import type { ExclusionRegister } from './exclusion-register.ts';
import { playerApiRoutes } from './player-api.ts';
import { createRegisterGate } from './register-gate.ts';
import { createResponsibleGambling, type ResponsibleGamblingDeps } from './responsible-gambling.ts';
import { withRgClaim } from './rg-claim.ts';
import { createRgMetrics } from './rg-metrics.ts';
import type { Limits, RgStore } from './rg-store.ts';
import { withSignInChecks } from './sign-in-checks.ts';
import { withRefreshChecks } from './token-checks.ts';

export interface RgDeps {
  config: Config;
  log: Logger;
  registry: Registry;
  audit: AuditLog;
  store: RgStore;
  bus: LiveBus;
  queue: DueQueue;
  /** Absent when EXCLUSION_REGISTER_URL is unset. */
  register?: ExclusionRegister | undefined;
  sessionEvents: SessionEventStream;
  /** Late-bound: the session services exist after the listeners they are given. */
  sessions: () => { versions: SessionVersions; index: SessionIndex };
  /** The account command recording a restriction and ending everything (server/accounts/account-commands.ts). */
  restrictAccount: ResponsibleGamblingDeps['restrictAccount'];
  /** Re-plans the account's live sessions after a limit in force changed (expiry schedule, time-limit ends). */
  retrack?(accountId: string): Promise<void>;
  provider: () => Provider;
  /** The clients' own lifetimes (cached metadata): a client's session_absolute_ttl end is `absolute`. */
  clientTtls?: ClientTtlsOf | undefined;
}

/** Builds responsible gambling and live session events for one instance; the composition root wires the parts. */
export function createRg(deps: RgDeps) {
  const { config } = deps;
  const metrics = createRgMetrics(deps.registry);
  const scheduler = createLiveScheduler({
    bus: deps.bus,
    queue: deps.queue,
    warningBeforeSeconds: config.RG_WARNING_BEFORE,
    absoluteSeconds: config.SESSION_ABSOLUTE_TTL,
    clientTtls: deps.clientTtls,
    async limits(accountId) {
      const state = await deps.sessions().versions.current(accountId);
      return {
        sessionMinutes: state?.limitMinutes ?? null,
        realityCheckMinutes: state?.realityCheckMinutes ?? null,
      };
    },
    sessionAlive: async (uid) => !!(await deps.provider().Session.findByUid(uid)),
    accountActive: async (accountId) => (await deps.sessions().index.list(accountId)).length > 0,
    async onSent(type, accountId, sessionUid, data) {
      if (type === 'reality_check.due') metrics.realityChecks.inc({ event: 'due' });
      await deps.sessionEvents
        .publish(type, {
          accountId,
          sessionUid,
          ...(type === 'session.expiring'
            ? { reason: String(data.reason), endsAt: Number(data.at) }
            : { elapsedMinutes: Number(data.elapsed_minutes) }),
        })
        .catch((err) => deps.log.warn({ err: String(err) }, 'session event stream unavailable'));
    },
    log: deps.log,
  });
  /** A limit in force changed: caches, reality checks and the live sessions' ends re-planned at once. */
  async function limitsChanged(accountId: string, limits: Limits) {
    await deps.sessions().versions.refresh(accountId);
    await scheduler.intervalChanged(accountId, limits.reality_check_minutes);
    await deps.retrack?.(accountId);
  }
  const rg = createResponsibleGambling({
    store: deps.store,
    audit: deps.audit,
    metrics,
    coolingOffSeconds: config.RG_COOLING_OFF,
    restrictAccount: deps.restrictAccount,
    limitsChanged,
  });
  const gate =
    deps.register &&
    createRegisterGate({
      register: deps.register,
      store: deps.store,
      audit: deps.audit,
      metrics,
      failMode: config.EXCLUSION_REGISTER_FAIL,
      ttlSeconds: config.EXCLUSION_REGISTER_TTL,
    });
  const subject = async (account: Account) => ({
    accountId: account.id,
    email: account.email,
    dateOfBirth: account.dateOfBirth ?? null,
  });
  const events = sessionEventsRoutes({
    provider: deps.provider,
    bus: deps.bus,
    heartbeatSeconds: config.LIVE_HEARTBEAT_SECONDS,
    connections: metrics.liveConnections,
    onSent: (type) => metrics.liveEvents.inc({ type }),
  });
  const player = playerApiRoutes({
    provider: deps.provider,
    config,
    rg,
    metrics,
    log: deps.log,
    store: deps.store,
    nextRealityCheck: (accountId) => scheduler.nextRealityCheck(accountId),
    acknowledgeRealityCheck: (accountId) => scheduler.acknowledge(accountId),
  });
  let applier: NodeJS.Timeout | undefined;

  /** Tells the apps of an ended session, on whichever instance holds their streams. */
  const sessionEnded: SessionEndedListener = async (event) => {
    if (!event.sessionUid) return;
    await scheduler.forget(event.sessionUid);
    await deps.bus.publish({
      type: 'session.ended',
      accountId: event.accountId,
      sessionUid: event.sessionUid,
      data: { reason: event.reason },
    });
  };

  return {
    rg,
    /** Re-plans an account changed by another process (the CLI's `user limit`, run by the end-request runner). */
    accountChanged: async (accountId: string) => limitsChanged(accountId, await deps.store.limits(accountId)),
    metrics,
    scheduler,
    gate,
    routers: [player, events.router],
    sessionEnded,
    /** The login page's AccountStore: restrictions, the register and previous_login_at after the password. */
    signInAccounts: (accounts: AccountStore) =>
      withSignInChecks(accounts, { rg, store: deps.store, gate, subject }),
    /** findAccount with the token-endpoint checks and the `rg` claim. */
    findAccount: (base: FindAccount, accounts: Pick<AccountStore, 'findById'>): FindAccount =>
      withRgClaim(withRefreshChecks(base, { rg, gate, accounts, subject }), { rg, store: deps.store }),
    /** Hooks a freshly built provider: every session save plans its live events. */
    install(provider: Provider): Provider {
      provider.on(
        'session.saved',
        (session: {
          uid?: string;
          accountId?: string;
          loginTs?: number;
          exp?: number;
          authorizations?: Record<string, unknown>;
        }) => {
          if (!session.uid || !session.accountId || !session.loginTs) return;
          const exp = session.exp ?? Math.floor(Date.now() / 1000) + config.SESSION_IDLE_TTL;
          const clientIds = Object.keys(session.authorizations ?? {});
          scheduler
            .track({
              uid: session.uid,
              accountId: session.accountId,
              loginTs: session.loginTs,
              exp,
              clientIds,
            })
            .catch((err) => deps.log.warn({ err: String(err) }, 'live event planning failed'));
        },
      );
      return provider;
    },
    start() {
      scheduler.start();
      applier ??= setInterval(() => {
        rg.applyDue().catch((err) =>
          deps.log.warn({ err: String(err) }, 'applying due limit changes failed'),
        );
      }, 1000);
      applier.unref();
    },
    async stop() {
      clearInterval(applier);
      applier = undefined;
      events.close();
      await scheduler.stop();
      await deps.bus.close();
    },
  };
}

export type Rg = ReturnType<typeof createRg>;
