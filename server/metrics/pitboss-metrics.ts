import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// Store commands are sub-millisecond to a few ms; the upper buckets catch an outage's timeouts.
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Every Pitboss metric, registered on the given registry. Names are stable: dashboards query them. */
export function createPitbossMetrics(registry: Registry) {
  const registers = [registry];
  // Gauges read at scrape time from sources wired later in compose (the stores exist after the metrics).
  const sources: {
    activeSessions?: () => Promise<number>;
    auditBacklog?: () => Promise<Record<string, number>>;
  } = {};
  return {
    sources,
    httpDuration: new Histogram({
      name: 'pitboss_http_request_duration_seconds',
      help: 'HTTP request duration by route name (never raw ids), method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    sessionsCreated: new Counter({
      name: 'pitboss_sessions_created_total',
      help: 'Sessions logged in (a new session, or a re-authentication of one)',
      registers,
    }),
    sessionsEnded: new Counter({
      name: 'pitboss_sessions_ended_total',
      help: 'Sessions ended, by reason (logout, idle, absolute, cap, admin, version_bump, ...)',
      labelNames: ['reason'],
      registers,
    }),
    activeSessions: new Gauge({
      name: 'pitboss_active_sessions',
      help: 'Sessions active within the idle timeout (approximate: counted from session saves and ends)',
      registers,
      async collect() {
        if (sources.activeSessions) this.set(await sources.activeSessions().catch(() => Number.NaN));
      },
    }),
    tokenGrants: new Counter({
      name: 'pitboss_token_requests_total',
      help: 'Token endpoint requests by grant type and outcome (success or the OAuth error code)',
      labelNames: ['grant_type', 'outcome'],
      registers,
    }),
    refreshRotations: new Counter({
      name: 'pitboss_refresh_rotations_total',
      help: 'Refresh tokens consumed and replaced by a successor',
      registers,
    }),
    reuseDetections: new Counter({
      name: 'pitboss_refresh_reuse_detected_total',
      help: 'Consumed refresh tokens presented again (the grant is revoked)',
      registers,
    }),
    revocations: new Counter({
      name: 'pitboss_revocations_total',
      help: 'Grants revoked, by the route that revoked them (revocation, token reuse, end_session, admin ...)',
      labelNames: ['source'],
      registers,
    }),
    auditEvents: new Counter({
      name: 'pitboss_audit_events_total',
      help: 'Security events recorded, by audit type and outcome',
      labelNames: ['type', 'outcome'],
      registers,
    }),
    loginFailures: new Counter({
      name: 'pitboss_login_failures_total',
      help: 'Failed password logins',
      registers,
    }),
    mfaFailures: new Counter({ name: 'pitboss_mfa_failures_total', help: 'Failed MFA codes', registers }),
    lockouts: new Counter({
      name: 'pitboss_lockouts_total',
      help: 'Accounts or IPs locked out, by kind (login, mfa)',
      labelNames: ['kind'],
      registers,
    }),
    redisDuration: new Histogram({
      name: 'pitboss_redis_command_duration_seconds',
      help: 'Redis command latency by command',
      labelNames: ['command', 'outcome'],
      buckets: STORE_BUCKETS,
      registers,
    }),
    postgresDuration: new Histogram({
      name: 'pitboss_postgres_query_duration_seconds',
      help: 'Postgres query latency (pool.query; statements inside transactions are not timed one by one)',
      labelNames: ['outcome'],
      buckets: STORE_BUCKETS,
      registers,
    }),
    postgresStatements: new Counter({
      name: 'pitboss_postgres_statements_total',
      help: 'Statements sent to Postgres (pool.query and statements inside transactions): round trips',
      registers,
    }),
    auditBacklog: new Gauge({
      name: 'pitboss_audit_backlog',
      help: 'Audit events queued and not yet written to Postgres, by queue (redis stream, memory)',
      labelNames: ['queue'],
      registers,
      async collect() {
        const backlog = await sources.auditBacklog?.().catch(() => undefined);
        for (const [queue, n] of Object.entries(backlog ?? {})) this.set({ queue }, n);
      },
    }),
    auditWritten: new Counter({
      name: 'pitboss_audit_written_total',
      help: 'Audit events committed to Postgres by this instance',
      registers,
    }),
  };
}

export type PitbossMetrics = ReturnType<typeof createPitbossMetrics>;
