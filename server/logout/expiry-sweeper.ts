import type { Logger } from 'pino';
import type { SessionEnded, SessionEndedListener } from '../sessions/session-events.ts';

/** What the sweeper needs from a session record to know when it expires and whom to tell. */
export interface TrackedSession {
  jti: string;
  uid: string;
  accountId?: string | undefined;
  /** Login time, epoch seconds: the absolute lifetime counts from it. */
  loginTs?: number | undefined;
  /** When the record expires if untouched, epoch seconds: the idle end it was saved with (a client's own
   * session_idle_ttl included). */
  exp?: number | undefined;
  authorizations?: Record<string, { sid?: string; grantId?: string }> | undefined;
}

/** Where session expiries are kept (Redis or memory; written on oidc-provider 'session.saved'). */
export interface SessionExpirySource {
  /** Claims up to `limit` sessions expired by `now` (epoch ms) as SessionEnded (reason idle, absolute or time_limit). */
  due(now: number, limit: number): Promise<SessionEnded[]>;
  /** Drops the claimed entries once handled; unacknowledged claims come due again after a lease. */
  complete(events: SessionEnded[]): Promise<void>;
  /** Records (or moves) a session's expiry; called on every save, which is every request using the session. */
  track(session: TrackedSession): Promise<void>;
  /** The session ended some other way (its ender emits SessionEnded). */
  forget(session: TrackedSession): Promise<void>;
  /** Sessions not yet expired (the active-sessions gauge reads this). */
  countActive(now?: number): Promise<number>;
}

/** The schedule the store registry builds (session-expiry-schedule.ts over a Redis or memory due queue). */
export type SessionExpirySchedule = SessionExpirySource;

export interface ExpirySweeper {
  start(): void;
  stop(): Promise<void>;
  /** One sweep; returns how many sessions it ended. */
  sweep(): Promise<number>;
}

/** Periodically turns expired sessions into SessionEnded events; safe to run in every instance. */
export function createExpirySweeper(options: {
  source: SessionExpirySource;
  listener: SessionEndedListener;
  intervalMs?: number;
  limit?: number;
  log?: Pick<Logger, 'warn'> | undefined;
}): ExpirySweeper {
  const limit = options.limit ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;

  const sweep = async () => {
    let ended = 0;
    for (;;) {
      const events = await options.source.due(Date.now(), limit);
      const handled: SessionEnded[] = [];
      for (const event of events) {
        try {
          await options.listener(event);
          handled.push(event);
        } catch (err) {
          // Left claimed: it comes due again after the lease and is retried.
          options.log?.warn({ err, sessionUid: event.sessionUid }, 'session expiry handling failed');
        }
      }
      await options.source.complete(handled);
      ended += handled.length;
      if (events.length < limit) return ended;
    }
  };

  const tick = () => {
    current = sweep()
      .catch((err) => options.log?.warn({ err }, 'session expiry sweep failed'))
      .finally(() => {
        current = undefined;
      });
  };

  return {
    start() {
      if (timer) return;
      timer = setInterval(() => current ?? tick(), options.intervalMs ?? 1000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await current;
    },
    sweep,
  };
}
