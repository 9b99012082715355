import type pg from 'pg';
import type { AuditFigures, BackchannelFigures } from '../../server/admin/stats.ts';

/** Sign-in and security counts from the audit trail (served by the (type, at) index). */
export function createAuditFigures(pool: pg.Pool) {
  return {
    async read(bucketSeconds: number, buckets: number): Promise<AuditFigures> {
      const { rows } = await pool.query<{ type: string; outcome: string; bucket: number; n: string }>(
        `select type, outcome,
                floor(extract(epoch from (now() - at)) / $1::int)::int as bucket,
                count(*) as n
           from audit_log
          where type in ('login', 'login.lockout', 'mfa.lockout', 'token.reuse_detected')
            and at > now() - make_interval(secs => $1::int * $2::int)
          group by 1, 2, 3`,
        [bucketSeconds, buckets],
      );
      const signIns = new Array<number>(buckets).fill(0);
      const failedSignIns = new Array<number>(buckets).fill(0);
      const day = await pool.query<{ type: string; n: string }>(
        `select type, count(*) as n from audit_log
          where type in ('login.lockout', 'mfa.lockout', 'token.reuse_detected') and at > now() - interval '1 day'
          group by 1`,
      );
      let lockouts = 0;
      let reuse = 0;
      for (const r of rows) {
        // Bucket 0 is the newest; series run oldest first.
        const at = buckets - 1 - Math.min(Math.max(r.bucket, 0), buckets - 1);
        const n = Number(r.n);
        if (r.type === 'login' && r.outcome === 'success') signIns[at]! += n;
        else if (r.type === 'login') failedSignIns[at]! += n;
        else if (r.type === 'token.reuse_detected') reuse += n;
        else lockouts += n;
      }
      const dayCount = (...types: string[]) =>
        day.rows.filter((r) => types.includes(r.type)).reduce((sum, r) => sum + Number(r.n), 0);
      return {
        signIns,
        failedSignIns,
        lockouts,
        reuseDetections: reuse,
        lockoutsLast24h: dayCount('login.lockout', 'mfa.lockout'),
        reuseDetectionsLast24h: dayCount('token.reuse_detected'),
      };
    },
  };
}

/** Back-channel outbox figures: pending (and failing: pending after an error), failed, oldest ages. */
export function createBackchannelFigures(pool: pg.Pool) {
  return {
    async read(): Promise<BackchannelFigures> {
      const { rows } = await pool.query<{
        pending: string;
        failing: string;
        failed: string;
        oldest_pending: number | null;
        oldest_failed: number | null;
      }>(
        `select count(*) filter (where status = 'pending') as pending,
                count(*) filter (where status = 'pending' and last_error is not null) as failing,
                count(*) filter (where status = 'failed') as failed,
                extract(epoch from now() - min(created_at) filter (where status = 'pending'))::float8
                  as oldest_pending,
                extract(epoch from now() - min(created_at) filter (where status = 'failed'))::float8
                  as oldest_failed
           from backchannel_outbox where status in ('pending', 'failed')`,
      );
      const r = rows[0]!;
      const age = (v: number | null) => (v === null ? null : Math.max(0, Math.round(v)));
      return {
        pending: Number(r.pending),
        failing: Number(r.failing),
        failed: Number(r.failed),
        oldestPendingAgeSeconds: age(r.oldest_pending),
        oldestFailedAgeSeconds: age(r.oldest_failed),
      };
    },
  };
}
