/** Why a session or grant ended (audited, published, and carried to back-channel logout). */
export type EndReason =
  | 'logout'
  | 'idle'
  | 'absolute'
  | 'cap'
  | 'admin'
  | 'version_bump'
  | 'disabled'
  | 'self_excluded'
  | 'time_limit'
  | 'grant_revoked'
  | 'refresh_reuse'
  // Responsible-gambling restrictions (server/rg/): the player API, admin API, CLI and the exclusion register.
  | 'timeout'
  | 'self_exclusion'
  | 'panic'
  | 'register';

/** One RP that took part in an ended session: what a back-channel logout token for it needs. */
export interface SessionParticipant {
  clientId: string;
  /** The per-client `sid` oidc-provider issued in that client's ID tokens. */
  sid?: string | undefined;
  grantId?: string | undefined;
}

/** Emitted once whenever a session (or, with no sessionId, a lone grant) ends, however it ended. */
export interface SessionEnded {
  accountId: string;
  /** The Session record id (oidc-provider `jti`), when a session ended. */
  sessionId?: string | undefined;
  /** The session's uid (stable across id regeneration). */
  sessionUid?: string | undefined;
  participants: SessionParticipant[];
  reason: EndReason;
  /** Admin account id or service client id when an admin ended it. */
  actor?: string | undefined;
}

/** Something that reacts to ended sessions (back-channel logout outbox, event stream, metrics). */
export type SessionEndedListener = (event: SessionEnded) => Promise<void>;
