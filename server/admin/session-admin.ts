import type { AdapterFactory, AdapterPayload } from '../provider/token-store.ts';
import type { GrantIndex } from '../sessions/grant-index.ts';
import type { EndReason } from '../sessions/session-events.ts';
import type { SessionIndex, SessionInfo } from '../sessions/session-index.ts';
import type { SessionTerminator } from '../sessions/terminate.ts';
import type { AdminGrants, AdminSessions, GrantView, PageOf, SessionView } from './ports.ts';

/**
 * AdminSessions and AdminGrants over issue 5's session services: listing reads the per-account
 * SessionIndex (IP, user agent, last active, clients, amr); every end goes through the SessionTerminator,
 * which audits and tells its listeners (back-channel logout, metrics, event stream).
 *
 * A session's admin id is its uid (stable across id regeneration, the id the audit trail, the event stream and
 * the back-channel outbox use). Its record id is the `_session` cookie value, which appears nowhere but the
 * cookie (DESIGN "Secrets at rest"). list -> DELETE /sessions/:sid round-trips through the uid.
 * Grants come from the account's GrantIndex.
 */
export interface SessionAdminDeps {
  index: SessionIndex;
  terminator: SessionTerminator;
  grantIndex: GrantIndex;
  /** The layered token store (as oidc-provider reads it), to read Session and Grant records. */
  store: AdapterFactory;
}

type SessionRecord = AdapterPayload & { uid?: string; loginTs?: number; amr?: string[] };

const iso = (ms: number | undefined | null) => (ms ? new Date(ms).toISOString() : null);

function sessionView(s: Omit<SessionInfo, 'sessionId'>): SessionView {
  return {
    id: s.uid,
    accountId: s.accountId,
    createdAt: iso(s.createdAt),
    lastActiveAt: iso(s.lastActiveAt),
    expiresAt: iso(s.expiresAt),
    userAgent: s.userAgent ?? null,
    ip: s.ip ?? null,
    clients: s.clientIds,
    amr: s.amr ?? [],
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

const pageOf = <T>(all: T[], page: { limit: number; offset: number }): PageOf<T> => ({
  items: all.slice(page.offset, page.offset + page.limit),
  total: all.length,
  ...page,
});

/** The admin session and grant services (see the note above). */
export function createSessionAdmin(deps: SessionAdminDeps): { sessions: AdminSessions; grants: AdminGrants } {
  const sessionStore = deps.store('Session');
  const grantStore = deps.store('Grant');
  const { index, terminator, grantIndex } = deps;

  async function liveGrants(accountId: string) {
    const out: { id: string; payload: AdapterPayload }[] = [];
    for (const entry of await grantIndex.list(accountId)) {
      const payload = await grantStore.find(entry.id);
      if (payload?.accountId === accountId) out.push({ id: entry.id, payload });
      else await grantIndex.remove(accountId, entry.id);
    }
    return out.sort((a, b) => (b.payload.iat ?? 0) - (a.payload.iat ?? 0));
  }

  const sessions: AdminSessions = {
    async listForAccount(accountId, page) {
      const all = (await index.list(accountId)).sort((a, b) => b.lastActiveAt - a.lastActiveAt);
      return pageOf(all.map(sessionView), page);
    },
    async find(uid) {
      const record = (await sessionStore.findByUid(uid)) as SessionRecord | undefined;
      if (!record?.accountId || record.uid !== uid) return undefined;
      const info = await index.get(record.accountId, uid);
      if (info) return sessionView(info);
      // Live but not (or no longer) indexed: still shown, so it can still be ended.
      const authorizations = (record as { authorizations?: Record<string, unknown> }).authorizations;
      const loginMs = (record.loginTs ?? record.iat ?? 0) * 1000;
      return sessionView({
        uid,
        accountId: record.accountId,
        createdAt: loginMs,
        lastActiveAt: loginMs,
        expiresAt: (record.exp ?? 0) * 1000,
        clientIds: Object.keys(authorizations ?? {}),
        amr: record.amr,
      });
    },
    async endSession(uid, actor) {
      const ended = await terminator.endSessionByUid(uid, 'admin', actor.id);
      return ended.sessions ? ended : undefined;
    },
    async endAllForAccount(accountId, actor, reason: EndReason = 'admin') {
      // The terminator also ends the offline grants (refresh tokens) that outlived their sessions.
      return terminator.endAllForAccount(accountId, reason, actor.id);
    },
  };

  const grants: AdminGrants = {
    async listForAccount(accountId, page) {
      const all = await liveGrants(accountId);
      return pageOf(
        all.map((g) => grantView(g.id, g.payload)),
        page,
      );
    },
    async revoke(grantId, actor) {
      const grant = await grantStore.find(grantId);
      if (!grant?.accountId) return undefined;
      const accountId = String(grant.accountId);
      const ended = await terminator.revokeGrant(grantId, 'admin', actor.id);
      return ended.grants ? { accountId, sessions: 0, grants: ended.grants } : undefined;
    },
  };
  return { sessions, grants };
}
