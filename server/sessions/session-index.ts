/** One indexed session: small metadata for listing, caps and back-channel participants. Never tokens. */
export interface SessionInfo {
  /** Stable across session-id regeneration; the index member. */
  uid: string;
  /** The current Session record id (oidc-provider jti; the cookie value). */
  sessionId: string;
  accountId: string;
  /** Epoch ms. */
  createdAt: number;
  lastActiveAt: number;
  /** When the record expires if untouched (idle), epoch ms. */
  expiresAt: number;
  /** Auth time of the login (epoch seconds). */
  loginTs?: number | undefined;
  userAgent?: string | undefined;
  ip?: string | undefined;
  clientIds: string[];
  amr?: string[] | undefined;
}

/**
 * Per-account session index (Redis: a ZSET per account plus a small hash per session, all under the
 * account's hash tag; memory when embedded). Listing reads one account's entries, never scans keys.
 */
export interface SessionIndex {
  /**
   * Adds or refreshes a session; createdAt is kept from the first write. `retainMs`: index lifetime.
   * Resolves true when the session was not in the index before (a new login).
   */
  record(info: Omit<SessionInfo, 'createdAt'>, retainMs: number): Promise<boolean>;
  /** Live sessions of an account, oldest first; expired entries are dropped on the way. */
  list(accountId: string): Promise<SessionInfo[]>;
  get(accountId: string, uid: string): Promise<SessionInfo | undefined>;
  remove(accountId: string, uid: string): Promise<void>;
}
