/** Types published on the session event stream (extend, never rename: other services switch on them). */
export type SessionEventType =
  | 'session.created'
  | 'session.ended'
  | 'grant.revoked'
  | 'refresh.reuse_detected'
  | 'account.disabled'
  | 'account.version_bumped'
  // Live session events (server/live/), also sent to the player's apps on GET /session/events.
  | 'session.expiring'
  | 'reality_check.due';

/** The stream's fields besides `id`, `type` and `at`: who and what, never a token or secret. */
export interface SessionEventData {
  accountId?: string | undefined;
  /** The session's uid, as `sessionUid` (kept for consumers that read it); never the cookie value. */
  sessionId?: string | undefined;
  sessionUid?: string | undefined;
  clientId?: string | undefined;
  clientIds?: string[] | undefined;
  grantId?: string | undefined;
  reason?: string | undefined;
  actor?: string | undefined;
  /** session.expiring: when the session ends (epoch seconds). */
  endsAt?: number | undefined;
  /** reality_check.due: minutes since the player's play started. */
  elapsedMinutes?: number | undefined;
}

/** One published event as a consumer sees it. */
export interface PublishedEvent {
  id: string;
  type: SessionEventType;
  at: string;
  data: SessionEventData;
}

export interface SessionEventStream {
  /** Appends one event with a fresh unique id; resolves with that id (undefined when there is no stream). */
  publish(type: SessionEventType, data: SessionEventData): Promise<string | undefined>;
  /** In-process streams only (embedded): the latest events, oldest first, for in-process consumers. */
  recent?(): readonly PublishedEvent[];
}

/** `<prefix>events:{sessions}`: one key with its own hash tag, so it is single-slot on Redis Cluster. */
export const sessionStreamKey = (prefix: string) => `${prefix}events:{sessions}`;
/** Consumers that fall further behind than this lose the oldest events (MAXLEN ~). */
export const SESSION_STREAM_MAXLEN = 100_000;
/** Refreshed on every append; a stream with no event for a week is gone. */
export const SESSION_STREAM_TTL_MS = 7 * 24 * 60 * 60 * 1000;
