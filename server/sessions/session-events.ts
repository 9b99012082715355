/**
 * Why a session or grant ended (audited as `session.ended` detail.reason, published on the event stream,
 * counted in pitboss_sessions_ended_total{reason}, and stored with each back-channel delivery). Add a reason
 * here, then end through the SessionTerminator (terminate.ts); never rename one (consumers switch on them).
 */
export type EndReason =
  /** RP-initiated logout (end_session). */
  | 'logout'
  | 'idle'
  | 'absolute'
  /** The account's per-session time limit (responsible gambling). */
  | 'time_limit'
  /** MAX_SESSIONS_PER_ACCOUNT: the oldest session ends. */
  | 'cap'
  /** An admin or support user ended it (admin API, console). */
  | 'admin'
  /** A refresh token was presented again after its overlap window. */
  | 'refresh_reuse'
  /** The RP revoked a refresh token (or access token) at /token/revocation. */
  | 'revoked'
  // Account commands (server/accounts/account-commands.ts):
  | 'password_changed'
  | 'roles_changed'
  | 'mfa_reset'
  | 'disabled'
  | 'timeout'
  | 'self_exclusion'
  | 'panic'
  /** The national exclusion register matched the player. */
  | 'register'
  // Older names, still accepted from stored rows and callers:
  | 'version_bump'
  | 'self_excluded'
  | 'grant_revoked';

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
  /**
   * The Session record id (oidc-provider `jti`), when a session ended. It is the `_session` cookie value:
   * listeners use it only to reach the record, and publish, audit or show `sessionUid` instead.
   */
  sessionId?: string | undefined;
  /** The session's uid (stable across id regeneration): the id audit rows, the event stream and operators see. */
  sessionUid?: string | undefined;
  participants: SessionParticipant[];
  reason: EndReason;
  /** Admin account id or service client id when an admin ended it. */
  actor?: string | undefined;
}

/** Something that reacts to ended sessions (back-channel logout outbox, event stream, metrics). */
export type SessionEndedListener = (event: SessionEnded) => Promise<void>;
