import type { AdapterFactory } from '../../adapters/types.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { EndReason, SessionEnded, SessionEndedListener, SessionParticipant } from './session-events.ts';
import type { SessionIndex } from './session-index.ts';

export interface SessionTerminatorDeps {
  /**
   * The token store beneath oidc-provider (with the session-index hook, without the version guard): a
   * session ended because its version is stale must still be readable to be ended.
   */
  store: AdapterFactory;
  index: SessionIndex;
  audit: AuditLog;
  listeners: SessionEndedListener[];
}

export interface EndCounts {
  sessions: number;
  grants: number;
}

export interface SessionTerminator {
  /** Destroys one session and every grant (and so every token) of it; no-op counts if it is gone. */
  endSession(sessionId: string, reason: EndReason, actor?: string): Promise<EndCounts>;
  /** Ends every indexed session of the account. */
  endAllForAccount(accountId: string, reason: EndReason, actor?: string): Promise<EndCounts>;
  /** Revokes one grant: its tokens die; listeners hear of it without a session. */
  revokeGrant(grantId: string, reason: EndReason, actor?: string): Promise<EndCounts>;
}

interface SessionRecord {
  accountId?: string;
  uid?: string;
  authorizations?: Record<string, { sid?: string; grantId?: string }>;
}

/** Ends sessions and grants for admins, caps, timeouts and account changes; tells every listener. */
export function createSessionTerminator(deps: SessionTerminatorDeps): SessionTerminator {
  const sessions = deps.store('Session');
  const grants = deps.store('Grant');

  const notify = async (event: SessionEnded) => {
    for (const listener of deps.listeners) await listener(event);
  };

  const revoke = async (grantId: string) => {
    // The grant index holds the Grant record and every token of it (see adapters/redis/keys.ts).
    await grants.revokeByGrantId(grantId);
  };

  async function endSession(sessionId: string, reason: EndReason, actor?: string): Promise<EndCounts> {
    const record = (await sessions.find(sessionId)) as SessionRecord | undefined;
    if (!record) return { sessions: 0, grants: 0 };
    const participants: SessionParticipant[] = Object.entries(record.authorizations ?? {}).map(
      ([clientId, a]) => ({ clientId, sid: a.sid, grantId: a.grantId }),
    );
    await sessions.destroy(sessionId);
    const grantIds = participants.flatMap((p) => (p.grantId ? [p.grantId] : []));
    await Promise.all(grantIds.map(revoke));
    if (record.accountId && record.uid) await deps.index.remove(record.accountId, record.uid);
    await deps.audit.record({
      type: 'session.ended',
      outcome: 'success',
      accountId: record.accountId,
      sessionId,
      detail: { reason, grants: grantIds.length, ...(actor ? { actor } : {}) },
    });
    for (const p of participants.filter((x) => x.grantId)) {
      await deps.audit.record({
        type: 'grant.revoked',
        outcome: 'success',
        accountId: record.accountId,
        clientId: p.clientId,
        sessionId,
        grantId: p.grantId,
        detail: { reason, ...(actor ? { actor } : {}) },
      });
    }
    if (record.accountId) {
      await notify({
        accountId: record.accountId,
        sessionId,
        sessionUid: record.uid,
        participants,
        reason,
        actor,
      });
    }
    return { sessions: 1, grants: grantIds.length };
  }

  return {
    endSession,
    async endAllForAccount(accountId, reason, actor) {
      const total: EndCounts = { sessions: 0, grants: 0 };
      for (const info of await deps.index.list(accountId)) {
        const counts = await endSession(info.sessionId, reason, actor);
        // An entry whose record is already gone is cleaned here rather than counted.
        if (counts.sessions === 0) await deps.index.remove(accountId, info.uid);
        total.sessions += counts.sessions;
        total.grants += counts.grants;
      }
      return total;
    },
    async revokeGrant(grantId, reason, actor) {
      const grant = (await grants.find(grantId)) as { accountId?: string; clientId?: string } | undefined;
      if (!grant) return { sessions: 0, grants: 0 };
      await revoke(grantId);
      await deps.audit.record({
        type: 'grant.revoked',
        outcome: 'success',
        accountId: grant.accountId,
        clientId: grant.clientId,
        grantId,
        detail: { reason, ...(actor ? { actor } : {}) },
      });
      if (grant.accountId && grant.clientId) {
        await notify({
          accountId: grant.accountId,
          participants: [{ clientId: grant.clientId, grantId }],
          reason,
          actor,
        });
      }
      return { sessions: 0, grants: 1 };
    },
  };
}
