import { randomUUID } from 'node:crypto';
import type { PublishedEvent, SessionEventStream } from '../../server/events/session-stream.ts';

/**
 * The session event stream of the embedded mode: no Redis and no other service to tell, so events are kept
 * in process (the latest `max`) for in-process consumers such as the live-events endpoint.
 */
export function createMemorySessionEventStream(max = 1000): SessionEventStream {
  const events: PublishedEvent[] = [];
  return {
    async publish(type, data) {
      const id = randomUUID();
      events.push({ id, type, at: new Date().toISOString(), data });
      if (events.length > max) events.splice(0, events.length - max);
      return id;
    },
    recent: () => events,
  };
}
