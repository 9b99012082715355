import type { Cluster, Redis } from 'ioredis';
import type { SessionExpirySchedule, TrackedSession } from '../../server/logout/expiry-sweeper.ts';
import { expiryOf, type ScheduleOptions, toSessionEnded } from '../../server/logout/session-expiry-rules.ts';
import type { SessionEnded } from '../../server/sessions/session-events.ts';

/**
 * Session expiries for the sweeper. Keys (both under one hash tag, so every script touches one slot):
 *   <prefix>{sessexp}:due   ZSET session uid -> expiry (epoch ms): min(last save + idle, login + absolute,
 *                           login + the account's session time limit)
 *   <prefix>{sessexp}:data  HASH session uid -> JSON { accountId, sessionId, participants, absoluteAt, limitAt }
 * Both get a TTL of the absolute lifetime plus a week on every write; swept entries are removed, so the keys
 * only outlive their members when no instance ran for that long.
 */
const CLAIM = `
local uids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, uid in ipairs(uids) do
  local data = redis.call('HGET', KEYS[2], uid)
  if data then
    redis.call('ZADD', KEYS[1], ARGV[3], uid)
    out[#out + 1] = uid
    out[#out + 1] = data
  else
    redis.call('ZREM', KEYS[1], uid)
  end
end
return out`;

// Removes an entry only if it still holds the lease score: a session saved again since was extended, not ended.
const COMPLETE = `
for i = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == tonumber(ARGV[i + 1]) then
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('HDEL', KEYS[2], ARGV[i])
  end
end
return 0`;

const KEY_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

interface Stored {
  a: string;
  s: string;
  p: [string, string | null, string | null][];
  x: number;
  /** When the account's session time limit ends it (epoch ms); absent without a limit. */
  l?: number;
}

/** The session-expiry schedule on Redis (single node or Cluster). */
export function createRedisSessionExpiry(
  redis: Redis | Cluster,
  options: ScheduleOptions & { prefix: string },
): SessionExpirySchedule {
  const due = `${options.prefix}{sessexp}:due`;
  const data = `${options.prefix}{sessexp}:data`;
  const keyTtl = options.absoluteTtlSeconds * 1000 + KEY_GRACE_MS;
  // Short, so a dead instance's claims come due again within seconds (an expiry is handled in well under one).
  const leaseMs = options.leaseMs ?? 10_000;
  const leases = new Map<string, number>();

  return {
    async track(session: TrackedSession) {
      const scheduled = await expiryOf(session, options);
      if (!scheduled) return this.forget(session);
      const stored: Stored = {
        a: scheduled.accountId,
        s: scheduled.sessionId,
        p: scheduled.participants.map((p) => [p.clientId, p.sid ?? null, p.grantId ?? null]),
        x: scheduled.absoluteAt,
        ...(scheduled.limitAt !== undefined && { l: scheduled.limitAt }),
      };
      const expiresAt = scheduled.expiresAt;
      await redis
        .multi()
        .hset(data, session.uid, JSON.stringify(stored))
        .zadd(due, expiresAt, session.uid)
        .pexpire(data, keyTtl)
        .pexpire(due, keyTtl)
        .exec();
    },

    async forget(session) {
      await redis.multi().zrem(due, session.uid).hdel(data, session.uid).exec();
    },

    /** Sessions not yet expired: the active-sessions gauge reads this instead of keeping a set of its own. */
    async countActive(now = Date.now()) {
      return redis.zcount(due, `(${now}`, '+inf');
    },
    async due(now, limit) {
      const lease = now + leaseMs;
      const flat = (await redis.eval(CLAIM, 2, due, data, now, limit, lease)) as string[];
      const events: SessionEnded[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        const uid = flat[i]!;
        const s = JSON.parse(flat[i + 1]!) as Stored;
        leases.set(uid, lease);
        const participants = s.p.map(([clientId, sid, grantId]) => ({
          clientId,
          sid: sid ?? undefined,
          grantId: grantId ?? undefined,
        }));
        events.push(
          toSessionEnded(
            uid,
            { ...s, accountId: s.a, sessionId: s.s, participants, absoluteAt: s.x, limitAt: s.l },
            now,
          ),
        );
      }
      return events;
    },

    async complete(events) {
      const args: (string | number)[] = [];
      for (const e of events) {
        const lease = e.sessionUid ? leases.get(e.sessionUid) : undefined;
        if (e.sessionUid && lease !== undefined) args.push(e.sessionUid, lease);
        if (e.sessionUid) leases.delete(e.sessionUid);
      }
      if (args.length > 0) await redis.eval(COMPLETE, 2, due, data, ...args);
    },
  };
}
