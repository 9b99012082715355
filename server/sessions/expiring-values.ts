/**
 * A small string key/value store where every entry expires (Redis in production, memory when embedded).
 * Used for refresh-token successors (overlap window), the session-version cache and passkey challenges.
 */
export interface ExpiringValues {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlMs` milliseconds (never without expiry). */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Reads and deletes in one step: only one caller ever gets the value (single-use challenges). */
  take(key: string): Promise<string | undefined>;
}
