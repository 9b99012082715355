import type { SessionIndex, SessionInfo } from './session-index.ts';
import type { SessionTerminator } from './terminate.ts';

/**
 * MAX_SESSIONS_PER_ACCOUNT: after a new login is indexed, ends the account's oldest sessions (by creation)
 * until at most `max` remain. The new session itself is never the one evicted.
 */
export function enforceSessionCap(deps: {
  index: SessionIndex;
  terminator: () => SessionTerminator;
  max: number;
}) {
  return async function enforceSessionCap(info: Omit<SessionInfo, 'createdAt'>, isNew: boolean) {
    if (!isNew) return;
    const sessions = await deps.index.list(info.accountId);
    const excess = sessions.length - deps.max;
    if (excess <= 0) return;
    const oldest = sessions.filter((s) => s.uid !== info.uid).slice(0, excess);
    for (const victim of oldest) await deps.terminator().endSession(victim.sessionId, 'cap');
  };
}
