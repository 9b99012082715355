import type { OperatorRole } from '../accounts/operator-roles.ts';
import type { AuditRecord } from '../audit/audit-reader.ts';
import type { Delivery } from '../logout/outbox.ts';

/** One audit row as the admin API and UI show it (issue 8's reader shape). */
export type AuditEntry = AuditRecord;

/**
 * The narrow interfaces the admin API and UI need. Routes depend only on these; compose.ts plugs in the
 * real services (session index/terminator, outbox, audit reader).
 */

/** Who performed an admin action: an admin account or a service client (client_credentials). */
export interface AdminActor {
  kind: 'account' | 'client';
  /** Account id or client id; recorded as `detail.admin` in the audit trail. */
  id: string;
  email?: string | undefined;
  /** What the actor may do (service clients with scope admin act as `admin`). */
  role: OperatorRole;
  /** Where the admin acts from (audited); the API unless set. */
  surface?: 'admin_api' | 'console' | undefined;
  /** Why (the request's `reason`), for the audit trail. */
  reason?: string | undefined;
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
  /** The session's uid; never its record id (the `_session` cookie value). */
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
  /** The live session with this uid; undefined when none. */
  find(uid: string): Promise<SessionView | undefined>;
  /** Ends the session with this uid and its grants; undefined when no such live session. */
  endSession(uid: string, actor: AdminActor): Promise<EndCounts | undefined>;
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

/**
 * A page of a list too large or too live to count (audit trail, back-channel outbox): `nextOffset` is
 * the offset of the next page, null on the last one.
 */
export interface WindowOf<T> {
  items: T[];
  limit: number;
  offset: number;
  nextOffset: number | null;
}

/** One page of `limit` from a reader asked for `limit + 1` rows (the extra row only says "there is more"). */
export function windowOf<T>(rows: T[], page: Page): WindowOf<T> {
  return {
    items: rows.slice(0, page.limit),
    limit: page.limit,
    offset: page.offset,
    nextOffset: rows.length > page.limit ? page.offset + page.limit : null,
  };
}

export type { ClientPatch } from '../clients/client-store.ts';

/** An account in a search result. */
export interface AccountSummary {
  id: string;
  email: string;
  roles: string[];
  status: string;
  createdAt: string;
}

/** Operator search: an account id (= sub) exactly, or an email prefix. */
export interface AccountSearch {
  search(q: string, page: Page): Promise<PageOf<AccountSummary>>;
}

/** One back-channel logout delivery as an ending's answer reports it. */
export interface LogoutReport {
  clientId: string;
  clientName: string | null;
  deliveryId: string;
  status: 'queued' | 'delivered' | 'failing' | 'failed';
  lastError: string | null;
}

/** Reads outbox rows for the answer of an ending (which RPs were told, and how it went). */
export interface DeliveryReader {
  /** The newest delivery id now: taken before an ending, so its own deliveries are the ones after it. */
  mark(): Promise<string>;
  /** Deliveries of the account enqueued after `mark`. */
  forAccountAfter(accountId: string, mark: string): Promise<Delivery[]>;
  byIds(ids: readonly string[]): Promise<Delivery[]>;
}
