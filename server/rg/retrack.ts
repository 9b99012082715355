import type { LiveScheduler } from '../live/live-scheduler.ts';
import type { SessionIndex } from '../sessions/session-index.ts';
import type { SessionVersions } from '../sessions/session-versions.ts';
import type { SessionTerminator } from '../sessions/terminate.ts';

/**
 * After a limit in force changed: a session already past a new, stricter time limit ends now (reason time_limit,
 * every RP told); the others get their expiry warning and end re-planned for the new limit.
 */
export function createRetrack(deps: {
  index: () => SessionIndex;
  versions: () => SessionVersions;
  terminator: () => SessionTerminator;
  scheduler: () => LiveScheduler;
  /** Re-plans the session's end in the expiry schedule (back-channel logout at the new end). */
  trackExpiry?: (sessionId: string) => Promise<void>;
}) {
  return async function retrack(accountId: string): Promise<void> {
    const state = await deps.versions().current(accountId);
    const now = Date.now() / 1000;
    for (const info of await deps.index().list(accountId)) {
      if (!info.loginTs) continue;
      if (state?.limitMinutes && info.loginTs + state.limitMinutes * 60 <= now) {
        await deps.terminator().endSession(info.sessionId, 'time_limit', 'system');
        continue;
      }
      await deps.scheduler().track({
        uid: info.uid,
        accountId,
        loginTs: info.loginTs,
        exp: Math.floor(info.expiresAt / 1000),
      });
      await deps.trackExpiry?.(info.sessionId);
    }
  };
}
