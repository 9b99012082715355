/** Counts from the audit trail over the last hour, in buckets oldest first. */
export interface AuditFigures {
  signIns: number[];
  failedSignIns: number[];
  /** Sign-in and MFA lockouts started in the last hour. */
  lockouts: number;
  reuseDetections: number;
  lockoutsLast24h: number;
  reuseDetectionsLast24h: number;
}

/** The back-channel outbox as operators watch it. */
export interface BackchannelFigures {
  pending: number;
  /** Pending deliveries whose last attempt failed (still retried until their deadline). */
  failing: number;
  /** Given up at their deadline. */
  failed: number;
  oldestPendingAgeSeconds: number | null;
  oldestFailedAgeSeconds: number | null;
}

export interface StatsDeps {
  audit: { read(bucketSeconds: number, buckets: number): Promise<AuditFigures> };
  backchannel: { read(): Promise<BackchannelFigures> };
  /** Live sessions (the session-expiry schedule with Redis; the instance's own count when embedded). */
  activeSessions: () => Promise<number>;
}

/** The sign-in charts cover one hour in 5-minute buckets. */
export const BUCKET_SECONDS = 300;
const BUCKETS = 12;

/** GET /admin/api/stats and the console dashboard: live figures, read fresh on every call. */
export function createStats(deps: StatsDeps) {
  return async function stats() {
    const [audit, backchannel, activeSessions] = await Promise.all([
      deps.audit.read(BUCKET_SECONDS, BUCKETS),
      deps.backchannel.read(),
      deps.activeSessions(),
    ]);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return {
      generatedAt: new Date().toISOString(),
      activeSessions,
      signInsLastHour: sum(audit.signIns),
      failedSignInsLastHour: sum(audit.failedSignIns),
      lockoutsLastHour: audit.lockouts,
      lockoutsLast24h: audit.lockoutsLast24h,
      reuseDetectionsLastHour: audit.reuseDetections,
      reuseDetectionsLast24h: audit.reuseDetectionsLast24h,
      backchannel,
      series: {
        bucketSeconds: BUCKET_SECONDS,
        signIns: audit.signIns,
        failedSignIns: audit.failedSignIns,
      },
    };
  };
}

export type Stats = Awaited<ReturnType<ReturnType<typeof createStats>>>;
