import type { Cluster, Redis } from 'ioredis';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditQueue } from '../audit/audit-queue.ts';
import type { Config } from '../config.ts';
import { observeSessions } from '../events/session-hooks.ts';
import {
  countSessionEnded,
  fanOut,
  observedAuditLog,
  publishSessionEnded,
  type SessionCreatedListener,
} from '../events/session-listeners.ts';
import type { SessionEventStream } from '../events/session-stream.ts';
import { requestLog } from '../http/request-log.ts';
import type { SessionEndedListener } from '../sessions/session-events.ts';
import { metricsRoute } from './metrics-route.ts';
import { createPitbossMetrics, type PitbossMetrics } from './pitboss-metrics.ts';
import { observeProvider } from './provider-metrics.ts';
import { createMetricsRegistry } from './registry.ts';
import { instrumentPool, instrumentRedis } from './store-latency.ts';

/** Metrics, request log, session event stream and the listeners other parts call. */
export interface Observability {
  metrics: Registry;
  counters: PitbossMetrics;
  sessionEvents: SessionEventStream;
  /** Call when a session ends (the sessions terminator does): counts it, publishes it, drops it from the gauge. */
  sessionEnded: SessionEndedListener;
  /** Called for every login (wired to oidc-provider here); publishes and counts it. */
  sessionCreated: SessionCreatedListener;
  /** The AuditLog wrapped to count events and stream account changes. */
  audit: AuditLog;
  requestLog: Middleware;
  metricsRoute: Middleware;
  /** Registers provider listeners; run for every provider built (key rotation rebuilds it). */
  setupProvider(provider: Provider): void;
}

/** Builds the observability pieces for one instance; the composition root wires them. */
export function createObservability(deps: {
  config: Config;
  log: Logger;
  pool: pg.Pool;
  /** Instrumented for store latency when present. */
  redis: Redis | Cluster | undefined;
  audit: AuditLog;
  auditQueues: AuditQueue[];
  /** The registry's session event stream (Redis stream, or in-process when embedded). */
  sessionEvents: SessionEventStream;
  /** Counts live sessions from the session-expiry schedule. */
  countActiveSessions: () => Promise<number>;
}): Observability {
  const { config, log, redis } = deps;
  const registry = createMetricsRegistry();
  const counters = createPitbossMetrics(registry);
  instrumentPool(deps.pool, counters);
  if (redis) instrumentRedis(redis, counters);
  const { sessionEvents } = deps;
  // The session-expiry schedule (Redis or memory) holds every live session and its expiry: the gauge counts it.
  counters.sources.activeSessions = deps.countActiveSessions;
  counters.sources.auditBacklog = async () =>
    Object.fromEntries(
      await Promise.all(deps.auditQueues.map(async (q) => [q.name, await q.backlog()] as const)),
    );

  let lastWarned = 0;
  const onError = (err: unknown) => {
    if (Date.now() - lastWarned < 10_000) return;
    lastWarned = Date.now();
    log.warn({ err: (err as Error)?.message }, 'session event stream unavailable');
  };
  const sessionEnded = fanOut(countSessionEnded(counters), publishSessionEnded(sessionEvents));
  const sessionCreated: SessionCreatedListener = async (event) => {
    counters.sessionsCreated.inc();
    await sessionEvents.publish('session.created', { ...event, sessionId: event.sessionUid });
  };
  return {
    metrics: registry,
    counters,
    sessionEvents,
    sessionEnded,
    sessionCreated,
    audit: observedAuditLog(deps.audit, { metrics: counters, stream: sessionEvents, onStreamError: onError }),
    requestLog: requestLog(log, (r) =>
      counters.httpDuration.observe(
        { route: r.route, method: r.method, status: String(r.status) },
        r.seconds,
      ),
    ),
    metricsRoute: metricsRoute(registry, config.METRICS_TOKEN),
    setupProvider(provider) {
      observeProvider(provider, counters);
      observeSessions(provider, {
        onLogin: sessionCreated,
        async onGrantRevoked(data, reuse) {
          await sessionEvents.publish('grant.revoked', {
            ...data,
            reason: reuse ? 'refresh_reuse' : 'revoked',
          });
          if (reuse) await sessionEvents.publish('refresh.reuse_detected', data);
        },
        onError,
      });
    },
  };
}
