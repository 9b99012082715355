import type { EndCounts } from './terminate.ts';

/** One queued "end everything of this account" (see account-commands.ts and the CLI). */
export interface EndRequest {
  id: string;
  accountId: string;
  /** The EndReason; empty: nothing ends, the server only re-reads the account's session state. */
  reason: string;
  actor?: string | undefined;
  surface: string;
  /** `unlock`: clear the account's sign-in and MFA lockouts instead (their counters are the server's). */
  action?: 'end' | 'unlock' | undefined;
}

/** What the server did with a request: what ended; for an unlock, whether each lockout was on. */
export type EndRequestResult = EndCounts & { unlocked?: { login: boolean; mfa: boolean } };

/**
 * Endings handed to the running server through the shared database (Postgres or the embedded PGlite's
 * socket): a process without the server's session store (the CLI on the embedded defaults) queues them, and
 * every server instance polls, claims (with a lease, so a dead claimer's request comes back) and runs them
 * through its terminator, which audits, publishes, counts and tells every RP.
 */
export interface EndRequestQueue {
  enqueue(request: Omit<EndRequest, 'id'>): Promise<string>;
  /** Claims up to `limit` pending requests for `leaseSeconds`. */
  claim(limit: number, leaseSeconds: number): Promise<EndRequest[]>;
  complete(id: string, result: EndRequestResult): Promise<void>;
  /** What the server did, once it ran the request; undefined while pending. */
  result(id: string): Promise<EndRequestResult | undefined>;
}
