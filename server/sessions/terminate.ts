import type { AuditLog } from '../audit/audit-log.ts';
import type { AdapterFactory } from '../provider/token-store.ts';
import type { GrantIndex } from './grant-index.ts';
import type { EndReason, SessionEnded, SessionEndedListener, SessionParticipant } from './session-events.ts';
import type { SessionIndex } from './session-index.ts';

export interface SessionTerminatorDeps {
  /**
   * The token store beneath oidc-provider's layers (session index hook, no version guard): a session ended
   * because its version is stale must still be readable to be ended (server/provider/token-store-layers.ts).
   */
  store: AdapterFactory;
  index: SessionIndex;
  grantIndex: GrantIndex;
  audit: AuditLog;
  /** Back-channel logout outbox, event stream, metrics, ...: each hears every ending once. */
  listeners: SessionEndedListener[];
  /** Drops an ended session from the expiry schedule, so the sweeper does not end it a second time. */
  forgetExpiry?: ((sessionUid: string) => Promise<void>) | undefined;
}

export interface EndCounts {
  sessions: number;
  grants: number;
}

/** What the caller already knows about a grant that may be gone from the store by now. */
export interface KnownGrant {
  accountId?: string | undefined;
  clientId?: string | undefined;
  /** The `sid` the RP holds for the session the grant belongs to (goes into its logout token). */
  sid?: string | undefined;
  sessionUid?: string | undefined;
}

/**
 * The one path by which sessions and grants end. Every ending (RP logout, idle, absolute, time limit, cap,
 * admin, account command, refresh-token reuse, revocation, register match) comes here, and each does the
 * same: revoke the grants (offline ones included: a session's grants end with it), drop the indexes and the
 * expiry schedule entry, audit `session.ended` with the reason (plus `grant.revoked` per grant), and tell
 * every listener once (back-channel logout to every RP involved, the event stream, the metric).
 * A new ending reason: add it to EndReason (session-events.ts) and call one of these.
 */
export interface SessionTerminator {
  /** Ends one session and every grant of it; zero counts if it is gone. */
  endSession(sessionId: string, reason: EndReason, actor?: string): Promise<EndCounts>;
  /**
   * Ends the session with this uid, the id operators and other services see (the admin API, the console):
   * the Session record id is the cookie value and never leaves the session store.
   */
  endSessionByUid(sessionUid: string, reason: EndReason, actor?: string): Promise<EndCounts>;
  /** Ends a session the expiry schedule found due; its record may be gone already, so `event` says who took part. */
  endScheduled(event: SessionEnded): Promise<EndCounts>;
  /**
   * Ends every session of the account and every grant in its grant index (offline grants that outlived their
   * sessions included), except the session `keepSessionId` and its grants (the /account page's own).
   */
  endAllForAccount(
    accountId: string,
    reason: EndReason,
    actor?: string,
    options?: { keepSessionId?: string | undefined },
  ): Promise<EndCounts>;
  /** Revokes one grant: its tokens die and its RP is told; `known` fills in what a half-revoked grant lost. */
  revokeGrant(grantId: string, reason: EndReason, actor?: string, known?: KnownGrant): Promise<EndCounts>;
}

interface SessionRecord {
  jti?: string;
  accountId?: string;
  uid?: string;
  authorizations?: Record<string, { sid?: string; grantId?: string }>;
}

const participantsOf = (record: SessionRecord): SessionParticipant[] =>
  Object.entries(record.authorizations ?? {}).map(([clientId, a]) => ({
    clientId,
    sid: a.sid,
    grantId: a.grantId,
  }));

/** Builds the SessionTerminator (see the interface). */
export function createSessionTerminator(deps: SessionTerminatorDeps): SessionTerminator {
  const sessions = deps.store('Session');
  const grants = deps.store('Grant');

  /** Revokes the grant; true when this call took it out of the account's grant index (the first ender). */
  const revoke = async (grantId: string, accountId: string | undefined) => {
    // The grant's own index holds the Grant record and every token of it (adapters/redis/keys.ts).
    await grants.revokeByGrantId(grantId);
    return accountId ? deps.grantIndex.remove(accountId, grantId) : false;
  };

  /** Audits and tells every listener (all run; the first failure is rethrown once they have). */
  async function finish(event: SessionEnded): Promise<void> {
    const grantIds = event.participants.flatMap((p) => (p.grantId ? [p.grantId] : []));
    const actor = event.actor ? { actor: event.actor } : {};
    const lone = event.sessionId ? undefined : event.participants[0];
    await deps.audit.record({
      type: 'session.ended',
      outcome: 'success',
      accountId: event.accountId,
      // Audit rows name a session by its uid; the record id is the cookie value (DESIGN "Secrets at rest").
      sessionId: event.sessionUid,
      ...(lone && { clientId: lone.clientId, grantId: lone.grantId }),
      detail: { reason: event.reason, grants: grantIds.length, ...(lone && { scope: 'grant' }), ...actor },
    });
    for (const p of event.participants.filter((x) => x.grantId)) {
      await deps.audit.record({
        type: 'grant.revoked',
        outcome: 'success',
        accountId: event.accountId,
        clientId: p.clientId,
        sessionId: event.sessionUid,
        grantId: p.grantId,
        detail: { reason: event.reason, ...actor },
      });
    }
    const results = await Promise.allSettled(deps.listeners.map((listener) => listener(event)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw new EndingNotAnnounced(event, failed.reason);
  }

  async function end(sessionId: string, reason: EndReason, actor?: string, known?: SessionEnded) {
    const record = (await sessions.find(sessionId)) as SessionRecord | undefined;
    const accountId = record?.accountId ?? known?.accountId;
    if (!accountId) return { sessions: 0, grants: 0 };
    const uid = record?.uid ?? known?.sessionUid;
    const participants = record ? participantsOf(record) : (known?.participants ?? []);
    if (record) await sessions.destroy(sessionId);
    const grantIds = participants.flatMap((p) => (p.grantId ? [p.grantId] : []));
    await Promise.all(grantIds.map((id) => revoke(id, accountId)));
    if (uid) {
      await deps.index.remove(accountId, uid);
      await deps.forgetExpiry?.(uid);
    }
    await finish({ accountId, sessionId, sessionUid: uid, participants, reason, actor });
    return { sessions: 1, grants: grantIds.length };
  }

  /** The sid an RP holds for a session (offline refresh tokens carry the session's uid, not its sid). */
  async function sidOf(sessionUid: string | undefined, clientId: string) {
    if (!sessionUid) return undefined;
    const record = (await sessions.findByUid(sessionUid)) as SessionRecord | undefined;
    return record?.authorizations?.[clientId]?.sid;
  }

  async function revokeGrant(grantId: string, reason: EndReason, actor?: string, known?: KnownGrant) {
    const grant = (await grants.find(grantId)) as { accountId?: string; clientId?: string } | undefined;
    const accountId = grant?.accountId ?? known?.accountId;
    const clientId = grant?.clientId ?? known?.clientId;
    if (!accountId || !clientId) return { sessions: 0, grants: 0 };
    // Every grant with an account is in its grant index (layer 4 of token-store-layers.ts), so the caller
    // that removes it is the one that ended it: concurrent enders (200 racing reuses of one refresh token,
    // admin and RP at once) tell the RP once.
    if (!(await revoke(grantId, accountId))) return { sessions: 0, grants: 0 };
    const participants = [
      { clientId, grantId, sid: known?.sid ?? (await sidOf(known?.sessionUid, clientId)) },
    ];
    await finish({ accountId, sessionUid: known?.sessionUid, participants, reason, actor });
    return { sessions: 0, grants: 1 };
  }

  return {
    endSession: (sessionId, reason, actor) => end(sessionId, reason, actor),
    async endSessionByUid(sessionUid, reason, actor) {
      const record = (await sessions.findByUid(sessionUid)) as SessionRecord | undefined;
      const indexed = record?.accountId ? await deps.index.get(record.accountId, sessionUid) : undefined;
      const sessionId = record?.jti ?? indexed?.sessionId;
      return sessionId ? end(sessionId, reason, actor) : none();
    },
    endScheduled: (event) =>
      event.sessionId ? end(event.sessionId, event.reason, event.actor, event) : none(),
    revokeGrant,
    async endAllForAccount(accountId, reason, actor, options = {}) {
      const total: EndCounts = { sessions: 0, grants: 0 };
      const kept = new Set<string>();
      for (const info of await deps.index.list(accountId)) {
        if (info.sessionId === options.keepSessionId) {
          const record = (await sessions.find(info.sessionId)) as SessionRecord | undefined;
          for (const p of participantsOf(record ?? {})) if (p.grantId) kept.add(p.grantId);
          continue;
        }
        const counts = await end(info.sessionId, reason, actor);
        // An entry whose record is already gone is cleaned here rather than counted.
        if (counts.sessions === 0) await deps.index.remove(accountId, info.uid);
        total.sessions += counts.sessions;
        total.grants += counts.grants;
      }
      // Offline grants (refresh tokens) outlive their sessions; the session index does not know them.
      for (const entry of await deps.grantIndex.list(accountId)) {
        if (kept.has(entry.id)) continue;
        total.grants += (await revokeGrant(entry.id, reason, actor, { accountId })).grants;
      }
      return total;
    },
  };
}

/**
 * The session or grant did end (its tokens are revoked, the ending audited) but a listener failed, e.g. the
 * back-channel outbox while Postgres is down. Carries a store outage's `code` in `cause` (answered 503).
 */
export class EndingNotAnnounced extends Error {
  constructor(
    readonly event: SessionEnded,
    cause: unknown,
  ) {
    super(`session ending (${event.reason}) not announced to every listener`, { cause });
    this.name = 'EndingNotAnnounced';
  }
}

const none = async (): Promise<EndCounts> => ({ sessions: 0, grants: 0 });
