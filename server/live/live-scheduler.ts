import type { Logger } from 'pino';
import { absoluteEndOf, type ClientTtlsOf } from '../sessions/timeouts.ts';
import type { DueQueue, LiveBus } from './live-event.ts';

/** A saved session, as oidc-provider's `session.saved` event carries it. */
export interface LiveSession {
  uid: string;
  accountId: string;
  /** Login time, epoch seconds. */
  loginTs: number;
  /** When the session record expires (idle, never past absolute), epoch seconds. */
  exp: number;
  /** The clients signed in with it (their own session_absolute_ttl may be what set `exp`). */
  clientIds?: readonly string[] | undefined;
}

export interface LiveSchedulerDeps {
  bus: LiveBus;
  queue: DueQueue;
  /** RG_WARNING_BEFORE in seconds. */
  warningBeforeSeconds: number;
  /** SESSION_ABSOLUTE_TTL in seconds (tells an absolute end from an idle one). */
  absoluteSeconds: number;
  /** The clients' own lifetimes, so a client's session_absolute_ttl end is announced as `absolute`. */
  clientTtls?: ClientTtlsOf | undefined;
  /** The account's session time limit and reality-check interval in minutes (null = none). */
  limits(accountId: string): Promise<{ sessionMinutes: number | null; realityCheckMinutes: number | null }>;
  /** True while the session with this uid is live. */
  sessionAlive(uid: string): Promise<boolean>;
  /** True while the account has any live session (reality checks stop with the last one). */
  accountActive(accountId: string): Promise<boolean>;
  /** Also told of every event sent (the session event stream for other services, metrics). */
  onSent?(
    type: 'session.expiring' | 'reality_check.due',
    accountId: string,
    sessionUid: string | undefined,
    data: Record<string, unknown>,
  ): Promise<void>;
  log?: Pick<Logger, 'warn'> | undefined;
}

interface ExpiringJob {
  k: 'x';
  a: string;
  u: string;
  reason: 'idle' | 'absolute' | 'time_limit';
  /** The end, epoch seconds. */
  at: number;
  /** The end already warned about ("reason:at"), so each end is announced once. */
  sent?: string;
}

interface RealityJob {
  k: 'rc';
  a: string;
  /** Start of the player's play (earliest live session's login), epoch ms. */
  anchor: number;
  intervalMinutes: number;
  /** When this check is due, epoch ms (the queue's score becomes a lease once claimed). */
  dueAt: number;
}

const expiringKey = (uid: string) => `x:${uid}`;
const realityKey = (accountId: string) => `rc:${accountId}`;

/** The first multiple of the interval after the anchor that is later than `now` (all ms). */
function nextCheck(anchor: number, intervalMs: number, now: number): number {
  return anchor + Math.max(1, Math.floor((now - anchor) / intervalMs) + 1) * intervalMs;
}

/**
 * Schedules the timed live events: `session.expiring` once, RG_WARNING_BEFORE ahead of a session's idle, absolute
 * or time-limit end (moved whenever a save moves the end), and `reality_check.due` every interval counted from the
 * start of the player's play, across all their sessions. Jobs live in a DueQueue, so exactly one instance sends
 * each event, and the bus carries it to whichever instance holds the app's connection.
 */
export function createLiveScheduler(deps: LiveSchedulerDeps) {
  const { queue } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  /**
   * Plans the account's reality checks. Only an explicit interval change (`removal`) cancels a plan: a session
   * save may have read the limits just before a change and must not cancel the plan the change just made (a
   * due check re-reads the interval in force anyway, runReality).
   */
  async function scheduleReality(
    accountId: string,
    loginMs: number | undefined,
    intervalMinutes: number | null,
    removal = false,
  ) {
    const key = realityKey(accountId);
    // Without an interval only a removal has anything to do (most saves: no reality checks set, no read).
    if (!intervalMinutes && !removal) return;
    const existing = await queue.get(key);
    if (!intervalMinutes) {
      if (existing) await queue.cancel(key);
      return;
    }
    const job = existing && (JSON.parse(existing.data) as RealityJob);
    const anchor = Math.min(job?.anchor ?? Number.POSITIVE_INFINITY, loginMs ?? Number.POSITIVE_INFINITY);
    if (!Number.isFinite(anchor)) return;
    if (job && job.anchor === anchor && job.intervalMinutes === intervalMinutes) return;
    const dueAt = nextCheck(anchor, intervalMinutes * 60_000, Date.now());
    const next: RealityJob = { k: 'rc', a: accountId, anchor, intervalMinutes, dueAt };
    await queue.schedule(key, dueAt, JSON.stringify(next));
  }

  async function track(session: LiveSession): Promise<void> {
    const limits = await deps.limits(session.accountId);
    const limitAt = limits.sessionMinutes
      ? session.loginTs + limits.sessionMinutes * 60
      : Number.POSITIVE_INFINITY;
    const absoluteEnd =
      limitAt <= session.exp
        ? Number.POSITIVE_INFINITY
        : await absoluteEndOf(
            { loginTs: session.loginTs, exp: session.exp, clientIds: session.clientIds ?? [] },
            deps.absoluteSeconds,
            deps.clientTtls,
          );
    const end: Pick<ExpiringJob, 'reason' | 'at'> =
      limitAt <= session.exp
        ? { reason: 'time_limit', at: limitAt }
        : { reason: session.exp >= absoluteEnd ? 'absolute' : 'idle', at: session.exp };
    const key = expiringKey(session.uid);
    const existing = await queue.get(key);
    const previous = existing && (JSON.parse(existing.data) as ExpiringJob);
    const marker = `${end.reason}:${end.at}`;
    if (
      previous?.sent !== marker &&
      !(previous && previous.reason === end.reason && previous.at === end.at)
    ) {
      const job: ExpiringJob = {
        k: 'x',
        a: session.accountId,
        u: session.uid,
        ...end,
        ...(previous?.sent ? { sent: previous.sent } : {}),
      };
      await queue.schedule(key, (end.at - deps.warningBeforeSeconds) * 1000, JSON.stringify(job));
    }
    await scheduleReality(session.accountId, session.loginTs * 1000, limits.realityCheckMinutes);
  }

  async function runExpiring(job: ExpiringJob, key: string, lease: number) {
    const marker = `${job.reason}:${job.at}`;
    if (job.sent === marker || !(await deps.sessionAlive(job.u))) return queue.complete(key, lease);
    const data = { reason: job.reason, at: job.at };
    await deps.bus.publish({ type: 'session.expiring', accountId: job.a, sessionUid: job.u, data });
    await deps.onSent?.('session.expiring', job.a, job.u, data);
    // Kept (as sent) until just after the end, so a save that does not move the end does not warn again.
    await queue.schedule(key, job.at * 1000 + 60_000, JSON.stringify({ ...job, sent: marker }));
  }

  async function runReality(job: RealityJob, key: string, lease: number) {
    if (!(await deps.accountActive(job.a))) return queue.complete(key, lease);
    // The interval in force now, not when the check was planned: a removed one stops, a changed one re-plans.
    const { realityCheckMinutes } = await deps.limits(job.a);
    if (!realityCheckMinutes) return queue.complete(key, lease);
    const now = Date.now();
    if (realityCheckMinutes !== job.intervalMinutes) {
      const dueAt = nextCheck(job.anchor, realityCheckMinutes * 60_000, now);
      const replanned: RealityJob = { ...job, intervalMinutes: realityCheckMinutes, dueAt };
      return queue.schedule(key, dueAt, JSON.stringify(replanned));
    }
    const data = { elapsed_minutes: Math.round((now - job.anchor) / 60_000) };
    await deps.bus.publish({ type: 'reality_check.due', accountId: job.a, data });
    await deps.onSent?.('reality_check.due', job.a, undefined, data);
    // The next one interval after this one (missed ones, e.g. while no instance ran, are skipped).
    let dueAt = job.dueAt + job.intervalMinutes * 60_000;
    while (dueAt <= now) dueAt += job.intervalMinutes * 60_000;
    await queue.schedule(key, dueAt, JSON.stringify({ ...job, dueAt }));
  }

  async function tick(): Promise<number> {
    const jobs = await queue.claim(Date.now(), 100);
    for (const { key, data, lease } of jobs) {
      try {
        const job = JSON.parse(data) as ExpiringJob | RealityJob;
        if (job.k === 'x') await runExpiring(job, key, lease);
        else await runReality(job, key, lease);
      } catch (err) {
        deps.log?.warn({ err, key }, 'live event job failed; retried after its lease');
      }
    }
    return jobs.length;
  }

  return {
    track,
    /** The account's reality-check interval changed: re-plan its checks from the same start. */
    async intervalChanged(accountId: string, intervalMinutes: number | null) {
      await scheduleReality(accountId, undefined, intervalMinutes, true);
    },
    /** The player acknowledged a reality check: the next is due one interval from now. */
    async acknowledge(accountId: string): Promise<number | undefined> {
      const key = realityKey(accountId);
      const existing = await queue.get(key);
      if (!existing) return undefined;
      const job = JSON.parse(existing.data) as RealityJob;
      const dueAt = Date.now() + job.intervalMinutes * 60_000;
      await queue.schedule(key, dueAt, JSON.stringify({ ...job, dueAt }));
      return dueAt;
    },
    /** When the account's next reality check is due (epoch ms), if one is planned. */
    async nextRealityCheck(accountId: string): Promise<number | undefined> {
      const existing = await queue.get(realityKey(accountId));
      return existing && (JSON.parse(existing.data) as RealityJob).dueAt;
    },
    /** The session ended: nothing more to warn about. */
    async forget(sessionUid: string) {
      await queue.cancel(expiringKey(sessionUid));
    },
    tick,
    start(intervalMs = 500) {
      if (timer) return;
      timer = setInterval(() => {
        running ??= tick()
          .catch((err) => deps.log?.warn({ err }, 'live event tick failed'))
          .finally(() => {
            running = undefined;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

export type LiveScheduler = ReturnType<typeof createLiveScheduler>;
