import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';

/** A Lua script with its SHA1, run by EVALSHA so the body crosses the wire only once per node. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

function load(name: string): LuaScript {
  const source = readFileSync(new URL(`./${name}.lua`, import.meta.url), 'utf8');
  return { name, source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Every script touches one key, or keys sharing a hash tag (`counters`, `dueSchedule`, `dueCancel`, `dueGet`), so each runs on one Cluster slot. */
export const scripts = {
  counters: load('counters'),
  consume: load('consume'),
  grantIndexAdd: load('grant-index-add'),
  accountGrantAdd: load('account-grant-add'),
  takeGrantIndex: load('take-grant-index'),
  delIfEquals: load('del-if-equals'),
  dueSchedule: load('due-schedule'),
  dueCancel: load('due-cancel'),
  dueGet: load('due-get'),
  sessionIndexRecord: load('session-index-record'),
} as const;

/**
 * Runs a script on one key (or on keys of one slot): EVALSHA, falling back to EVAL when this node has not
 * cached it yet.
 */
export async function runScript(
  redis: Redis | Cluster,
  script: LuaScript,
  key: string | readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  const keys = typeof key === 'string' ? [key] : key;
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}
