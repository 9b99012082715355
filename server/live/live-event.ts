/** Live event types sent to apps on `GET /session/events` (extend, never rename: apps switch on them). */
export type LiveEventType = 'session.expiring' | 'reality_check.due' | 'session.ended';

/** One live event for an account's apps. `sessionUid` set: only that session's streams get it. */
export interface LiveEvent {
  type: LiveEventType;
  accountId: string;
  sessionUid?: string | undefined;
  data: Record<string, unknown>;
}

/** A live event as stored and delivered: `id` orders it within the account and is the SSE event id. */
export interface DeliveredLiveEvent extends LiveEvent {
  id: string;
}

/**
 * Carries live events between instances (Redis pub/sub with a bounded per-account stream for replay; in-process
 * on the embedded defaults). Implemented in adapters/redis/live-bus.ts and adapters/memory/live-bus.ts.
 */
export interface LiveBus {
  /** Stores the event for replay and delivers it to every instance's subscribers; resolves with its id. */
  publish(event: LiveEvent): Promise<string>;
  /** Every event published anywhere, as it arrives on this instance. */
  subscribe(handler: (event: DeliveredLiveEvent) => void): () => void;
  /** The account's events after `afterId` (oldest first, at most the replay bound). */
  replay(accountId: string, afterId: string): Promise<DeliveredLiveEvent[]>;
  close(): Promise<void>;
}

/** How many events per account a reconnect with Last-Event-ID can get back. */
export const LIVE_REPLAY_LIMIT = 100;

/** A schedule of keyed jobs (one per key; scheduling a key again moves it), claimed once each across instances. */
export interface DueQueue {
  /** Schedules (or moves) `key` to run at `atMs` with `data`. */
  schedule(key: string, atMs: number, data: string): Promise<void>;
  /** The data scheduled for `key`, if any. */
  get(key: string): Promise<{ atMs: number; data: string } | undefined>;
  cancel(key: string): Promise<void>;
  /** Claims up to `limit` jobs due by `nowMs`; a claimed job not completed comes due again after a lease. */
  claim(nowMs: number, limit: number): Promise<{ key: string; data: string; lease: number }[]>;
  /** Removes a claimed job unless it was scheduled again since the claim. */
  complete(key: string, lease: number): Promise<void>;
  /** How many jobs are scheduled after `nowMs` (a gauge: the sessions not yet expired). */
  countLater(nowMs: number): Promise<number>;
}
