/** An approximate count of active sessions, fed by session saves and ends; read at scrape time. */
export interface ActiveSessions {
  touch(sessionUid: string, expiresAtMs: number): Promise<void>;
  end(sessionUid: string): Promise<void>;
  count(): Promise<number>;
}

/**
 * In process, for the embedded mode (single instance, no session-expiry schedule to count): member =
 * session uid, value = when it goes idle. A session that ends without telling us ages out, hence approximate.
 */
export function createMemoryActiveSessions(): ActiveSessions {
  const sessions = new Map<string, number>();
  return {
    async touch(uid, expiresAtMs) {
      sessions.set(uid, expiresAtMs);
    },
    async end(uid) {
      sessions.delete(uid);
    },
    async count() {
      const now = Date.now();
      for (const [uid, until] of sessions) if (until <= now) sessions.delete(uid);
      return sessions.size;
    },
  };
}
