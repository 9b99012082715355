import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

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

export interface SessionEventStream {
  /** Appends one event with a fresh unique id; resolves with that id (undefined when there is no stream). */
  publish(type: SessionEventType, data: SessionEventData): Promise<string | undefined>;
}

/** `<prefix>events:{sessions}`: one key with its own hash tag, so it is single-slot on Redis Cluster. */
export const sessionStreamKey = (prefix: string) => `${prefix}events:{sessions}`;
/** Consumers that fall further behind than this lose the oldest events (MAXLEN ~). */
export const SESSION_STREAM_MAXLEN = 100_000;
/** Refreshed on every append; a stream with no event for a week is gone. */
export const SESSION_STREAM_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Session lifecycle events on a Redis stream for wallet, lobby and other services. Each entry carries a
 * unique `id` (a UUID, distinct from the stream entry id) so consumers can process it idempotently.
 */
export function createSessionEventStream(redis: Redis | Cluster, prefix: string): SessionEventStream {
  const key = sessionStreamKey(prefix);
  return {
    async publish(type, data) {
      const id = randomUUID();
      const fields = ['id', id, 'type', type, 'at', new Date().toISOString()];
      if (data.accountId) fields.push('account_id', data.accountId);
      fields.push('data', JSON.stringify(data));
      const result = await redis
        .multi()
        .xadd(key, 'MAXLEN', '~', SESSION_STREAM_MAXLEN, '*', ...fields)
        .pexpire(key, SESSION_STREAM_TTL_MS)
        .exec();
      const failed = result?.find(([err]) => err);
      if (!result || failed) throw failed?.[0] ?? new Error('session event append aborted');
      return id;
    },
  };
}

/** Embedded mode has no Redis and no other service to tell: events go nowhere. */
export const noSessionEventStream: SessionEventStream = { publish: async () => undefined };
