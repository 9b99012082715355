import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import {
  SESSION_STREAM_MAXLEN,
  SESSION_STREAM_TTL_MS,
  type SessionEventStream,
  sessionStreamKey,
} from '../../server/events/session-stream.ts';

/**
 * Session lifecycle events on a Redis stream for wallet, lobby and other services. Each entry carries a
 * unique `id` (a UUID, distinct from the stream entry id) so consumers can process it idempotently.
 */
export function createRedisSessionEventStream(redis: Redis | Cluster, prefix: string): SessionEventStream {
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
