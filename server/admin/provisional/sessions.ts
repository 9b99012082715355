import type { AdapterFactory, AdapterPayload } from '../../../adapters/types.ts';
import type { EndReason, SessionEnded, SessionEndedListener } from '../../sessions/session-events.ts';
import type { AdminActor, AdminGrants, AdminSessions, EndCounts, GrantView, SessionView } from '../ports.ts';
import type { AccountIndex, IndexEntry } from './account-index.ts';

/**
 * PROVISIONAL (issue 7): AdminSessions and AdminGrants over oidc-provider's own records and the minimal
 * account index, until issue 5's SessionIndex and terminator land. Ending works on the stored records
 * directly: the session record is destroyed and each of its grants revoked (revokeByGrantId removes the
 * grant and every token in its index), so affected tokens fail at once on every instance.
 */
export interface ProvisionalDeps {
  store: AdapterFactory;
  index: AccountIndex;
  /** Told about every ended session or lone grant (back-channel logout outbox, event stream). */
  listeners?: SessionEndedListener[];
}

interface SessionRecord extends AdapterPayload {
  authorizations?: Record<string, { sid?: string; grantId?: string }>;
  loginTs?: number;
  amr?: string[];
}

const iso = (ms: number | undefined | null) => (ms ? new Date(ms).toISOString() : null);

function sessionView(id: string, p: SessionRecord, e?: IndexEntry): SessionView {
  return {
    id,
    accountId: String(p.accountId),
    createdAt: iso((p.loginTs ?? p.iat ?? 0) * 1000),
    lastActiveAt: iso(e?.seenAt),
    expiresAt: iso(p.exp ? p.exp * 1000 : e?.expiresAt),
    userAgent: null,
    ip: null,
    clients: Object.keys(p.authorizations ?? {}),
    amr: p.amr ?? [],
  };
}

function grantView(id: string, p: AdapterPayload): GrantView {
  const openid = (p as { openid?: { scope?: string } }).openid;
  return {
    id,
    accountId: String(p.accountId),
    clientId: String(p.clientId),
    scope: openid?.scope ?? '',
    createdAt: iso((p.iat ?? 0) * 1000),
    expiresAt: iso(p.exp ? p.exp * 1000 : undefined),
  };
}

/** Admin session and grant services over the stored records (see the note above). */
export function createProvisionalAdmin(deps: ProvisionalDeps): {
  sessions: AdminSessions;
  grants: AdminGrants;
} {
  const sessionStore = deps.store('Session');
  const grantStore = deps.store('Grant');
  const notify = async (event: SessionEnded) => {
    for (const listener of deps.listeners ?? []) await listener(event);
  };

  async function live(model: 'Session' | 'Grant', accountId: string) {
    const store = model === 'Session' ? sessionStore : grantStore;
    const out: { id: string; payload: AdapterPayload; entry: IndexEntry }[] = [];
    for (const entry of await deps.index.list(model, accountId)) {
      const payload = await store.find(entry.id);
      if (payload?.accountId === accountId) out.push({ id: entry.id, payload, entry });
      else await deps.index.remove(model, accountId, entry.id);
    }
    return out;
  }

  async function revokeGrant(grantId: string): Promise<AdapterPayload | undefined> {
    const grant = await grantStore.find(grantId);
    if (!grant?.accountId) return undefined;
    await grantStore.revokeByGrantId(grantId);
    await deps.index.remove('Grant', String(grant.accountId), grantId);
    return grant;
  }

  async function endSession(
    sessionId: string,
    reason: EndReason,
    actor?: AdminActor,
  ): Promise<EndCounts | undefined> {
    const session = (await sessionStore.find(sessionId)) as SessionRecord | undefined;
    if (!session?.accountId) return undefined;
    const accountId = String(session.accountId);
    await sessionStore.destroy(sessionId);
    await deps.index.remove('Session', accountId, sessionId);
    let grants = 0;
    const participants = [];
    for (const [clientId, auth] of Object.entries(session.authorizations ?? {})) {
      if (auth.grantId && (await revokeGrant(auth.grantId))) grants += 1;
      participants.push({ clientId, sid: auth.sid, grantId: auth.grantId });
    }
    await notify({ accountId, sessionId, sessionUid: session.uid, participants, reason, actor: actor?.id });
    return { sessions: 1, grants };
  }

  const sessions: AdminSessions = {
    async listForAccount(accountId, page) {
      const all = await live('Session', accountId);
      const items = all.slice(page.offset, page.offset + page.limit);
      return { items: items.map((s) => sessionView(s.id, s.payload, s.entry)), total: all.length, ...page };
    },
    async find(sessionId) {
      const p = (await sessionStore.find(sessionId)) as SessionRecord | undefined;
      return p?.accountId ? sessionView(sessionId, p) : undefined;
    },
    endSession: (sessionId, actor) => endSession(sessionId, 'admin', actor),
    async endAllForAccount(accountId, actor, reason = 'admin') {
      const counts: EndCounts = { sessions: 0, grants: 0 };
      for (const s of await live('Session', accountId)) {
        const ended = await endSession(s.id, reason, actor);
        counts.sessions += ended?.sessions ?? 0;
        counts.grants += ended?.grants ?? 0;
      }
      // Grants that outlived their session (refresh tokens) die too.
      for (const g of await live('Grant', accountId)) {
        const grant = await revokeGrant(g.id);
        if (!grant) continue;
        counts.grants += 1;
        const participants = [{ clientId: String(grant.clientId), grantId: g.id }];
        await notify({ accountId, participants, reason, actor: actor.id });
      }
      return counts;
    },
  };

  const grants: AdminGrants = {
    async listForAccount(accountId, page) {
      const all = await live('Grant', accountId);
      const items = all.slice(page.offset, page.offset + page.limit);
      return { items: items.map((g) => grantView(g.id, g.payload)), total: all.length, ...page };
    },
    async revoke(grantId, actor) {
      const grant = await revokeGrant(grantId);
      if (!grant) return undefined;
      const accountId = String(grant.accountId);
      const participants = [{ clientId: String(grant.clientId), grantId }];
      await notify({ accountId, participants, reason: 'grant_revoked', actor: actor.id });
      return { accountId, sessions: 0, grants: 1 };
    },
  };
  return { sessions, grants };
}
