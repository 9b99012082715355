import type { Cluster, Redis } from 'ioredis';
import type { DueQueue } from '../../server/live/live-event.ts';
import { runScript, scripts } from './lua/scripts.ts';

// Claims due jobs by moving their score to the lease time (one slot: both keys share a hash tag).
const CLAIM = `
local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, key in ipairs(keys) do
  local data = redis.call('HGET', KEYS[2], key)
  if data then
    redis.call('ZADD', KEYS[1], ARGV[3], key)
    out[#out + 1] = key
    out[#out + 1] = data
  else
    redis.call('ZREM', KEYS[1], key)
  end
end
return out`;

// Removes a job only if it still holds the claim's lease: one scheduled again since is kept.
const COMPLETE = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
end
return 0`;

/**
 * DueQueue on Redis: `<prefix>{<name>}:due` (ZSET key -> run time, ms) and `<prefix>{<name>}:data` (HASH key ->
 * data), both refreshed to `keyTtlMs` on every write; a claimed job is leased for `leaseMs`.
 */
export function createRedisDueQueue(
  redis: Redis | Cluster,
  options: { prefix: string; name: string; keyTtlMs: number; leaseMs?: number },
): DueQueue {
  const due = `${options.prefix}{${options.name}}:due`;
  const data = `${options.prefix}{${options.name}}:data`;
  const leaseMs = options.leaseMs ?? 30_000;
  return {
    async schedule(key, atMs, value) {
      // One script instead of a 4-command MULTI: one round trip, ~1 Redis command per session save.
      await runScript(redis, scripts.dueSchedule, [due, data], [key, atMs, value, options.keyTtlMs]);
    },
    async get(key) {
      // Both in one script (one command, read at one instant); a missing one comes back as null.
      const [score, value] = (await runScript(redis, scripts.dueGet, [due, data], [key])) as (
        | string
        | null
      )[];
      return score != null && value != null ? { atMs: Number(score), data: value } : undefined;
    },
    async cancel(key) {
      await runScript(redis, scripts.dueCancel, [due, data], [key]);
    },
    async claim(nowMs, limit) {
      const lease = nowMs + leaseMs;
      const flat = (await redis.eval(CLAIM, 2, due, data, nowMs, limit, lease)) as string[];
      const jobs: { key: string; data: string; lease: number }[] = [];
      for (let i = 0; i < flat.length; i += 2) jobs.push({ key: flat[i]!, data: flat[i + 1]!, lease });
      return jobs;
    },
    async complete(key, lease) {
      await redis.eval(COMPLETE, 2, due, data, key, lease);
    },
    countLater: (nowMs) => redis.zcount(due, `(${nowMs}`, '+inf'),
  };
}
