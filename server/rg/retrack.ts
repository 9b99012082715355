import type { LiveScheduler } from '../live/live-scheduler.ts';
import type { SessionIndex } from '../sessions/session-index.ts';
import type { SessionVersions } from '../sessions/session-versions.ts';
import type { SessionTerminator } from '../sessions/terminate.ts';

/** The stored Session record, as far as re-planning needs it. */
interface StoredSession {
  loginTs?: number;
  exp?: number;
  authorizations?: Record<string, unknown>;
}

/**
 * After a limit in force changed: a session already past a new, stricter time limit ends now (reason time_limit,
 * every RP told); the others get their expiry warning and end re-planned for the new limit.
 */
export function createRetrack(deps: {
  index: () => SessionIndex;
  versions: () => SessionVersions;
  terminator: () => SessionTerminator;
  scheduler: () => LiveScheduler;
  /** The session record (its login time is authoritative; the index keeps the first one it saw). */
  findSession: (sessionId: string) => Promise<StoredSession | undefined>;
  /** Re-plans the session's end in the expiry schedule (back-channel logout at the new end). */
  trackExpiry?: (sessionId: string) => Promise<void>;
}) {
  return async function retrack(accountId: string): Promise<void> {
    const state = await deps.versions().current(accountId);
    const now = Date.now() / 1000;
    for (const info of await deps.index().list(accountId)) {
      const record = await deps.findSession(info.sessionId);
      const loginTs = record?.loginTs ?? info.loginTs;
      if (!loginTs) continue;
      if (state?.limitMinutes && loginTs + state.limitMinutes * 60 <= now) {
        await deps.terminator().endSession(info.sessionId, 'time_limit', 'system');
        continue;
      }
      const exp = record?.exp ?? Math.floor(info.expiresAt / 1000);
      const clientIds = Object.keys(record?.authorizations ?? {});
      await deps.scheduler().track({ uid: info.uid, accountId, loginTs, exp, clientIds });
      await deps.trackExpiry?.(info.sessionId);
    }
  };
}
