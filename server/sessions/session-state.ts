/** What the session rules need to know about an account, cached per account (Redis `ver:{accountId}`). */
export interface SessionState {
  /** accounts.session_version. */
  version: number;
  /** Artefacts authenticated before this (epoch seconds) are rejected; moves with every version bump. */
  notBefore: number;
  /** Per-session time limit in minutes (responsible gambling), or null. */
  limitMinutes: number | null;
  /** Reality-check interval in minutes (responsible gambling), or null. */
  realityCheckMinutes?: number | null;
  /** Self-exclusion end (epoch seconds), or null. */
  excludedUntil: number | null;
  status: string;
}

/** Storage of the session-related account columns (implemented in adapters/postgres/session-state-store.ts). */
export interface SessionStateStore {
  read(accountId: string): Promise<SessionState | undefined>;
  /** A self-excluded account by email, with what the login check needs (hash stays server-side). */
  findExcluded(
    email: string,
  ): Promise<{ id: string; passwordHash: string; excludedUntil: Date | null } | undefined>;
  /** Sets or clears (null) the per-session time limit; bumps nothing. */
  setLimit(accountId: string, minutes: number | null): Promise<void>;
  /** Self-excludes until `until` (null: permanent): status self_excluded, session_version bumped. */
  exclude(accountId: string, until: Date | null): Promise<void>;
}
