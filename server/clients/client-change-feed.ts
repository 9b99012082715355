/** What a subscriber to client changes is told (see client-cache.ts). */
export interface ClientChangeHandlers {
  /** A client changed somewhere: drop it from the cache. */
  changed(clientId: string): void;
  /** Announcements may have been missed (no subscription): stop trusting the cache until `live` again. */
  live(isLive: boolean): void;
}

/**
 * Client change announcements between instances (Redis pub/sub). Without a shared store there is no one to
 * tell: announcing does nothing and a subscription never goes live, so the cache reads the database.
 */
export interface ClientChangeFeed {
  /** Tells every instance that a client changed; call after the change is committed. */
  announce(clientId: string): Promise<void>;
  subscribe(handlers: ClientChangeHandlers): { close(): void };
}
