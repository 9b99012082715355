import type { Cluster, Redis } from 'ioredis';
import type { SessionIndex, SessionInfo } from '../../server/sessions/session-index.ts';
import { runScript, scripts } from './lua/scripts.ts';
import { createSessionKeys } from './session-keys.ts';

const toHash = (info: Omit<SessionInfo, 'createdAt'>): Record<string, string> => {
  const hash: Record<string, string> = {
    uid: info.uid,
    sessionId: info.sessionId,
    accountId: info.accountId,
    lastActiveAt: String(info.lastActiveAt),
    expiresAt: String(info.expiresAt),
    clientIds: JSON.stringify(info.clientIds),
  };
  if (info.loginTs !== undefined) hash.loginTs = String(info.loginTs);
  if (info.userAgent) hash.userAgent = info.userAgent;
  if (info.ip) hash.ip = info.ip;
  if (info.amr) hash.amr = JSON.stringify(info.amr);
  return hash;
};

const fromHash = (h: Record<string, string>): SessionInfo => ({
  uid: h.uid!,
  sessionId: h.sessionId!,
  accountId: h.accountId!,
  createdAt: Number(h.createdAt),
  lastActiveAt: Number(h.lastActiveAt),
  expiresAt: Number(h.expiresAt),
  loginTs: h.loginTs ? Number(h.loginTs) : undefined,
  userAgent: h.userAgent,
  ip: h.ip,
  clientIds: JSON.parse(h.clientIds ?? '[]') as string[],
  amr: h.amr ? (JSON.parse(h.amr) as string[]) : undefined,
});

/** SessionIndex on Redis; every MULTI and script touches only keys under one account's hash tag (Cluster-safe). */
export function createRedisSessionIndex(redis: Redis | Cluster, options: { prefix: string }): SessionIndex {
  const keys = createSessionKeys(options.prefix);
  const get = async (accountId: string, uid: string) => {
    const hash = await redis.hgetall(keys.sessionMeta(accountId, uid));
    return hash.uid && Number(hash.expiresAt) > Date.now() ? fromHash(hash) : undefined;
  };
  return {
    async record(info, retainMs) {
      const meta = keys.sessionMeta(info.accountId, info.uid);
      const index = keys.sessionIndex(info.accountId);
      const now = Date.now();
      // One script instead of a 5-command MULTI (one command per session save).
      const added = await runScript(
        redis,
        scripts.sessionIndexRecord,
        [meta, index],
        [
          now,
          Math.max(info.expiresAt, now + 1),
          Math.max(1, Math.ceil(retainMs)),
          info.uid,
          ...Object.entries(toHash(info)).flat(),
        ],
      );
      return added === 1;
    },
    async list(accountId) {
      const index = keys.sessionIndex(accountId);
      const uids = await redis.zrange(index, 0, -1);
      const found = await Promise.all(uids.map((uid) => get(accountId, uid)));
      const gone = uids.filter((_, i) => !found[i]);
      if (gone.length) await redis.zrem(index, ...gone);
      return found.filter((s): s is SessionInfo => !!s).sort((x, y) => x.createdAt - y.createdAt);
    },
    get,
    async remove(accountId, uid) {
      await redis
        .multi()
        .zrem(keys.sessionIndex(accountId), uid)
        .unlink(keys.sessionMeta(accountId, uid))
        .exec();
    },
  };
}
