import type { Logger } from 'pino';
import { currentRequest } from '../http/request-context.ts';
import { type AuditEntry, toEntry } from './audit-entry.ts';
import type { AuditEvent, AuditLog } from './audit-log.ts';
import type { AuditQueue } from './audit-queue.ts';

/**
 * `audit.record()` that loses nothing: the event gets its id, time and the current request's id, IP and
 * user agent, then goes to the primary queue (the Redis stream) or, if that refuses it, to the in-process
 * fallback. The writer moves both to Postgres. Never rejects: an audit outage must not fail a login.
 */
export function createDurableAuditLog(options: {
  primary?: AuditQueue | undefined;
  fallback: AuditQueue;
  onQueued?: (entry: AuditEntry) => void;
  log?: Logger;
}): AuditLog {
  let lastWarned = 0;
  return {
    async record(event: AuditEvent) {
      const entry = toEntry(event, currentRequest());
      try {
        if (!options.primary) throw new Error('no primary queue');
        await options.primary.push(entry);
      } catch (err) {
        if (options.primary && Date.now() - lastWarned > 10_000) {
          lastWarned = Date.now();
          options.log?.warn(
            { err: (err as Error).message },
            'audit stream unavailable; buffering in process',
          );
        }
        await options.fallback.push(entry);
      }
      options.onQueued?.(entry);
    },
  };
}
