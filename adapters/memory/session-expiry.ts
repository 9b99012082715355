import type { SessionExpirySchedule } from '../../server/logout/expiry-sweeper.ts';
import {
  expiryOf,
  type ScheduledSession,
  type ScheduleOptions,
  toSessionEnded,
} from '../../server/logout/session-expiry-rules.ts';
import type { SessionEnded } from '../../server/sessions/session-events.ts';

/**
 * The session-expiry schedule in process memory (embedded, single instance), with the same rules as the
 * Redis one (server/logout/session-expiry-rules.ts): idle, absolute and time-limit ends reach the sweeper,
 * and through it the terminator and every RP, exactly as with Redis.
 */
export function createMemorySessionExpiry(options: ScheduleOptions): SessionExpirySchedule {
  const entries = new Map<string, ScheduledSession & { dueAt: number }>();
  const leaseMs = options.leaseMs ?? 30_000;
  const leases = new Map<string, number>();
  return {
    async track(session) {
      const scheduled = await expiryOf(session, options);
      if (scheduled) entries.set(session.uid, { ...scheduled, dueAt: scheduled.expiresAt });
      else entries.delete(session.uid);
    },
    async forget(session) {
      entries.delete(session.uid);
    },
    async countActive(now = Date.now()) {
      let n = 0;
      for (const e of entries.values()) if (e.dueAt > now) n++;
      return n;
    },
    async due(now, limit) {
      const out: SessionEnded[] = [];
      for (const [uid, e] of entries) {
        if (out.length >= limit) break;
        if (e.dueAt > now) continue;
        e.dueAt = now + leaseMs;
        leases.set(uid, e.dueAt);
        out.push(toSessionEnded(uid, e, now));
      }
      return out;
    },
    async complete(events) {
      for (const event of events) {
        const uid = event.sessionUid;
        if (!uid) continue;
        // A session saved again since it was claimed was extended, not ended: keep it.
        if (entries.get(uid)?.dueAt === leases.get(uid)) entries.delete(uid);
        leases.delete(uid);
      }
    },
  };
}
