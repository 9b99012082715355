import type { SessionEnded, SessionParticipant } from '../sessions/session-events.ts';
import { absoluteEndOf, type ClientTtlsOf } from '../sessions/timeouts.ts';
import type { TrackedSession } from './expiry-sweeper.ts';

/** What every session-expiry schedule (Redis, memory) is built with. */
export interface ScheduleOptions {
  /** SESSION_IDLE_TTL: the idle end of a record saved without its own `exp`. */
  idleTtlSeconds: number;
  absoluteTtlSeconds: number;
  /** The participating clients' own lifetimes: a session_absolute_ttl end is reported as `absolute`. */
  clientTtls?: ClientTtlsOf | undefined;
  /** How long a claimed entry stays hidden from other sweepers before it comes due again. */
  leaseMs?: number | undefined;
  /** The account's per-session time limit in minutes (responsible gambling), or null for none. */
  limitMinutes?: ((accountId: string) => Promise<number | null>) | undefined;
}

/** One scheduled session: whom to tell and its three possible ends (epoch ms). */
export interface ScheduledSession {
  accountId: string;
  sessionId: string;
  participants: SessionParticipant[];
  absoluteAt: number;
  limitAt: number | undefined;
  /** The earliest of idle (last save + idle TTL), absolute and time-limit ends. */
  expiresAt: number;
}

/** When a just-saved session ends if untouched, or undefined for a session with no login to expire. */
export async function expiryOf(
  session: TrackedSession,
  options: ScheduleOptions,
): Promise<ScheduledSession | undefined> {
  if (!session.accountId || typeof session.loginTs !== 'number') return undefined;
  // Read on every save, so a limit set or changed mid-session applies from the next request on.
  const limit = await options.limitMinutes?.(session.accountId);
  const limitAt = limit ? (session.loginTs + limit * 60) * 1000 : undefined;
  // The record's own expiry is the idle end it was saved with (per-client lifetimes included); re-planning
  // an unsaved record (a limit change) must not move it.
  const idleAt =
    typeof session.exp === 'number' ? session.exp * 1000 : Date.now() + options.idleTtlSeconds * 1000;
  const participants = Object.entries(session.authorizations ?? {}).map(([clientId, a]) => ({
    clientId,
    sid: a.sid,
    grantId: a.grantId,
  }));
  const absoluteEnd = await absoluteEndOf(
    { loginTs: session.loginTs, exp: session.exp, clientIds: participants.map((p) => p.clientId) },
    options.absoluteTtlSeconds,
    options.clientTtls,
  );
  const absoluteAt = absoluteEnd * 1000;
  return {
    accountId: session.accountId,
    sessionId: session.jti,
    participants,
    absoluteAt,
    limitAt,
    expiresAt: Math.min(idleAt, absoluteAt, limitAt ?? Infinity),
  };
}

/** The SessionEnded for a due entry: the earliest of the absolute and time-limit ends already passed, else idle. */
export function toSessionEnded(
  uid: string,
  s: Pick<ScheduledSession, 'accountId' | 'sessionId' | 'participants' | 'absoluteAt' | 'limitAt'>,
  now: number,
): SessionEnded {
  const limitPassed = s.limitAt !== undefined && s.limitAt <= now;
  const reason =
    limitPassed && s.limitAt! <= s.absoluteAt ? 'time_limit' : s.absoluteAt <= now ? 'absolute' : 'idle';
  return {
    accountId: s.accountId,
    sessionId: s.sessionId,
    sessionUid: uid,
    participants: s.participants,
    reason,
  };
}
