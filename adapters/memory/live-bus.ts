import { EventEmitter } from 'node:events';
import { type DeliveredLiveEvent, LIVE_REPLAY_LIMIT, type LiveBus } from '../../server/live/live-event.ts';

/** Live events in process (embedded defaults: one instance holds every connection). */
export function createMemoryLiveBus(options: { ttlMs: number }): LiveBus {
  const emitter = new EventEmitter().setMaxListeners(0);
  const recent = new Map<string, { events: DeliveredLiveEvent[]; expiresAt: number }>();
  let sequence = 0;
  const idOf = (id: string) => {
    const [ms, seq] = id.split('-').map(Number);
    return { ms: ms ?? Number.NaN, seq: seq ?? Number.NaN };
  };
  return {
    async publish(event) {
      const now = Date.now();
      for (const [accountId, entry] of recent) if (entry.expiresAt <= now) recent.delete(accountId);
      const delivered = { ...event, id: `${now}-${sequence++}` };
      const entry = recent.get(event.accountId) ?? { events: [], expiresAt: 0 };
      entry.events = [...entry.events, delivered].slice(-LIVE_REPLAY_LIMIT);
      entry.expiresAt = now + options.ttlMs;
      recent.set(event.accountId, entry);
      emitter.emit('event', delivered);
      return delivered.id;
    },
    subscribe(handler) {
      emitter.on('event', handler);
      return () => emitter.off('event', handler);
    },
    async replay(accountId, afterId) {
      const after = idOf(afterId);
      if (Number.isNaN(after.ms) || Number.isNaN(after.seq)) return [];
      return (recent.get(accountId)?.events ?? []).filter((e) => {
        const id = idOf(e.id);
        return id.ms > after.ms || (id.ms === after.ms && id.seq > after.seq);
      });
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
