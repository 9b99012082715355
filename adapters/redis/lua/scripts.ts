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

/** Every script touches exactly one key, so each runs on one Cluster slot. */
export const scripts = {
  consume: load('consume'),
  putRecord: load('put-record'),
  grantIndexAdd: load('grant-index-add'),
  takeGrantIndex: load('take-grant-index'),
  delIfEquals: load('del-if-equals'),
} as const;

/** Runs a single-key script: EVALSHA, falling back to EVAL when this node has not cached it yet. */
export async function runScript(
  redis: Redis | Cluster,
  script: LuaScript,
  key: string,
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, 1, key, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.eval(script.source, 1, key, ...args);
  }
}
