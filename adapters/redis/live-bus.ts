import type { Cluster, Redis } from 'ioredis';
import { type DeliveredLiveEvent, LIVE_REPLAY_LIMIT, type LiveBus } from '../../server/live/live-event.ts';

/** Pub/sub channel carrying every live event to every instance (a channel, not a key: no slot, no TTL). */
export const liveChannel = (prefix: string) => `${prefix}live:events`;
/** `<prefix>live:{<accountId>}`: the account's recent events for Last-Event-ID replay (a stream, MAXLEN ~). */
export const liveStreamKey = (prefix: string, accountId: string) => `${prefix}live:{${accountId}}`;

const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;

/**
 * Live events across instances: each is appended to the account's bounded stream (its entry id is the SSE id, so a
 * reconnect resumes exactly after the last event it saw) and then published, so whichever instance holds the
 * app's connection writes it. The stream expires `ttlMs` after its last event.
 */
export function createRedisLiveBus(
  redis: Redis | Cluster,
  options: { prefix: string; ttlMs: number },
): LiveBus {
  const channel = liveChannel(options.prefix);
  const handlers = new Set<(event: DeliveredLiveEvent) => void>();
  let sub: Redis | Cluster | undefined;

  const ensureSubscribed = () => {
    if (sub) return;
    sub = redis.duplicate();
    sub.on('error', () => {}); // the main connection reports Redis errors
    sub.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      const event = JSON.parse(message) as DeliveredLiveEvent;
      for (const handler of handlers) handler(event);
    });
    sub.on('ready', () => void sub?.subscribe(channel).catch(() => undefined));
  };

  return {
    async publish(event) {
      const key = liveStreamKey(options.prefix, event.accountId);
      const result = await redis
        .multi()
        .xadd(key, 'MAXLEN', '~', LIVE_REPLAY_LIMIT, '*', 'event', JSON.stringify(event))
        .pexpire(key, options.ttlMs)
        .exec();
      const failed = result?.find(([err]) => err);
      if (!result || failed) throw failed?.[0] ?? new Error('live event append aborted');
      const id = result[0]![1] as string;
      await redis.publish(channel, JSON.stringify({ ...event, id }));
      return id;
    },
    subscribe(handler) {
      ensureSubscribed();
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async replay(accountId, afterId) {
      if (!ENTRY_ID.test(afterId)) return [];
      const entries = await redis.xrange(
        liveStreamKey(options.prefix, accountId),
        `(${afterId}`,
        '+',
        'COUNT',
        LIVE_REPLAY_LIMIT,
      );
      return entries.map(([id, fields]) => ({ ...(JSON.parse(fields[1]!) as DeliveredLiveEvent), id }));
    },
    async close() {
      handlers.clear();
      sub?.disconnect();
      sub = undefined;
    },
  };
}
