/**
 * The narrow interfaces the admin API and UI need. Routes depend only on these; compose.ts plugs in the
 * real services (session index/terminator, outbox, audit reader) or the provisional ones in ./provisional.
 */

/** Who performed an admin action: an admin account or a service client (client_credentials). */
export interface AdminActor {
  kind: 'account' | 'client';
  /** Account id or client id; recorded as `detail.admin` in the audit trail. */
  id: string;
  email?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface Page {
  limit: number;
  offset: number;
}

export interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** One live session of an account, as the admin sees it. */
export interface SessionView {
  id: string;
  accountId: string;
  createdAt: string | null;
  lastActiveAt: string | null;
  expiresAt: string | null;
  userAgent: string | null;
  ip: string | null;
  clients: string[];
  amr: string[];
}

/** One live grant (an RP's consent and the tokens minted under it). */
export interface GrantView {
  id: string;
  accountId: string;
  clientId: string;
  scope: string;
  createdAt: string | null;
  expiresAt: string | null;
}

/** What a revocation ended. */
export interface EndCounts {
  sessions: number;
  grants: number;
}

export interface AdminSessions {
  listForAccount(accountId: string, page: Page): Promise<PageOf<SessionView>>;
  /** Undefined when no such live session. */
  find(sessionId: string): Promise<SessionView | undefined>;
  /** Ends one session and its grants; undefined when no such live session. */
  endSession(sessionId: string, actor: AdminActor): Promise<EndCounts | undefined>;
  endAllForAccount(
    accountId: string,
    actor: AdminActor,
    reason?: 'admin' | 'disabled' | 'self_excluded',
  ): Promise<EndCounts>;
}

export interface AdminGrants {
  listForAccount(accountId: string, page: Page): Promise<PageOf<GrantView>>;
  /** Revokes a grant and every token of it; undefined when no such live grant. */
  revoke(grantId: string, actor: AdminActor): Promise<(EndCounts & { accountId: string }) | undefined>;
}

export interface AuditEntry {
  id: string;
  at: string;
  type: string;
  outcome: string;
  accountId: string | null;
  clientId: string | null;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
}

export interface AuditQuery extends Page {
  accountId?: string | undefined;
  type?: string | undefined;
  since?: Date | undefined;
}

export interface AdminAudit {
  list(query: AuditQuery): Promise<PageOf<AuditEntry>>;
}

/** Client metadata fields an operator may change after registration. */
export interface ClientPatch {
  name?: string | undefined;
  redirectUris?: string[] | undefined;
  postLogoutRedirectUris?: string[] | undefined;
  backchannelLogoutUri?: string | null | undefined;
  grantTypes?: string[] | undefined;
  scope?: string | undefined;
}
