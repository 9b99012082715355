import type { Cluster, Redis } from 'ioredis';
import type { ClientChangeFeed, ClientChangeHandlers } from '../../server/clients/client-change-feed.ts';

/** Pub/sub channel on which every client create/update/delete is announced (not a key: no slot, no TTL). */
export const clientChangesChannel = (prefix: string): string => `${prefix}clients:changed`;

/** Tells every instance that a client changed; call after the change is committed to Postgres. */
export function createClientAnnouncer(
  redis: Redis | Cluster,
  options: { prefix: string },
): (clientId: string) => Promise<void> {
  const channel = clientChangesChannel(options.prefix);
  return async (clientId) => {
    await redis.publish(channel, clientId);
  };
}

/**
 * Subscribes to client announcements on a connection of its own (a subscribed connection can run nothing
 * else). The cache is trusted only while this subscription stands: every reconnect reports `live(false)`
 * first, then `live(true)` once re-subscribed, so the owner can clear everything it may have missed.
 */
export function subscribeClientChanges(
  redis: Redis | Cluster,
  options: { prefix: string },
  handlers: ClientChangeHandlers,
): { close(): void } {
  const channel = clientChangesChannel(options.prefix);
  const sub = redis.duplicate();
  let closed = false;
  sub.on('error', () => {}); // reconnects are reported through `live`; the main connection logs errors
  sub.on('message', (from: string, clientId: string) => {
    if (from === channel) handlers.changed(clientId);
  });
  const subscribe = () => {
    sub.subscribe(channel).then(
      () => !closed && handlers.live(true),
      () => handlers.live(false),
    );
  };
  sub.on('close', () => handlers.live(false));
  sub.on('ready', subscribe);
  return {
    close() {
      closed = true;
      handlers.live(false);
      sub.disconnect();
    },
  };
}

/** The ClientChangeFeed on Redis pub/sub. */
export function redisClientChanges(redis: Redis | Cluster, options: { prefix: string }): ClientChangeFeed {
  return {
    announce: createClientAnnouncer(redis, options),
    subscribe: (handlers) => subscribeClientChanges(redis, options, handlers),
  };
}
