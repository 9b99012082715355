import type { DueQueue } from '../live/live-event.ts';
import type { SessionEnded } from '../sessions/session-events.ts';
import type { SessionExpirySchedule } from './expiry-sweeper.ts';
import { expiryOf, type ScheduleOptions, toSessionEnded } from './session-expiry-rules.ts';

/** One scheduled session as queued (short names: one entry per live session in Redis). */
interface Stored {
  a: string;
  s: string;
  p: [string, string | null, string | null][];
  x: number;
  /** When the account's session time limit ends it (epoch ms); absent without a limit. */
  l?: number;
}

/**
 * The session-expiry schedule over a due queue (adapters/redis/due-queue.ts as `{sessexp}`, or the memory
 * one): each session's uid comes due at its earliest end (session-expiry-rules.ts); a claimed entry is leased,
 * and completing it removes it only if the session was not saved again (extended) since the claim.
 */
export function createSessionExpirySchedule(
  queue: DueQueue,
  options: ScheduleOptions,
): SessionExpirySchedule {
  const leases = new Map<string, number>();
  return {
    async track(session) {
      const scheduled = await expiryOf(session, options);
      if (!scheduled) return queue.cancel(session.uid);
      const stored: Stored = {
        a: scheduled.accountId,
        s: scheduled.sessionId,
        p: scheduled.participants.map((p) => [p.clientId, p.sid ?? null, p.grantId ?? null]),
        x: scheduled.absoluteAt,
        ...(scheduled.limitAt !== undefined && { l: scheduled.limitAt }),
      };
      await queue.schedule(session.uid, scheduled.expiresAt, JSON.stringify(stored));
    },
    forget: (session) => queue.cancel(session.uid),
    /** Sessions not yet expired: the active-sessions gauge reads this instead of keeping a set of its own. */
    countActive: (now = Date.now()) => queue.countLater(now),
    async due(now, limit) {
      const events: SessionEnded[] = [];
      for (const job of await queue.claim(now, limit)) {
        const s = JSON.parse(job.data) as Stored;
        leases.set(job.key, job.lease);
        const participants = s.p.map(([clientId, sid, grantId]) => ({
          clientId,
          sid: sid ?? undefined,
          grantId: grantId ?? undefined,
        }));
        const scheduled = { accountId: s.a, sessionId: s.s, participants, absoluteAt: s.x, limitAt: s.l };
        events.push(toSessionEnded(job.key, scheduled, now));
      }
      return events;
    },
    async complete(events) {
      const done: Promise<void>[] = [];
      for (const { sessionUid: uid } of events) {
        const lease = uid ? leases.get(uid) : undefined;
        if (!uid || lease === undefined) continue;
        leases.delete(uid);
        done.push(queue.complete(uid, lease));
      }
      await Promise.all(done);
    },
  };
}
