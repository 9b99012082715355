import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { Context } from 'koa';
import { MemoryStore } from '../../../adapters/memory/memory-store.ts';

/** What a console action did, kept briefly so its result page can re-read the deliveries it queued. */
export interface ConsoleResult {
  /** The console session that ran it: no one else opens its result page. */
  owner: string;
  label: string;
  summary: string;
  reason: string;
  player: { id: string; email: string };
  /** Outbox ids of the back-channel logouts it queued; absent when the action ends nothing. */
  deliveryIds?: string[] | undefined;
}

/**
 * Server-side state of the admin UI: a signed-in admin, a sign-in in progress, or an action's result.
 * Never in the cookie.
 */
export interface UiRecord {
  kind: 'session' | 'login' | 'result';
  result?: ConsoleResult;
  accountId?: string;
  email?: string;
  /** The admin's opaque access token; re-checked against the token store on every request. */
  accessToken?: string;
  /** Per-session secret the CSRF tokens are derived from. */
  csrfSecret?: string;
  state?: string;
  nonce?: string;
  verifier?: string;
  returnTo?: string;
}

export interface UiStore {
  get(id: string): Promise<UiRecord | undefined>;
  put(id: string, record: UiRecord, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Redis (TTL on every key, one key per record) or in-process memory when Pitboss runs without Redis. */
export function createUiStore(redis: Redis | Cluster | undefined, prefix: string): UiStore {
  if (!redis) {
    const memory = new MemoryStore();
    return {
      get: async (id) => memory.get<UiRecord>(id),
      put: async (id, record, ttlMs) => memory.set(id, record, ttlMs),
      delete: async (id) => {
        memory.delete(id);
      },
    };
  }
  const key = (id: string) => `${prefix}admin-ui:{${id}}`;
  return {
    async get(id) {
      const raw = await redis.get(key(id));
      return raw ? (JSON.parse(raw) as UiRecord) : undefined;
    },
    async put(id, record, ttlMs) {
      await redis.set(key(id), JSON.stringify(record), 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async delete(id) {
      await redis.unlink(key(id));
    },
  };
}

/**
 * Cookies holding only a random record id, signed by koa's own signed cookies (keygrip over the app's
 * cookie keys: the first signs, any verifies).
 */
export function uiCookies(secure: (ctx: Context) => boolean) {
  return {
    newId: () => randomBytes(24).toString('base64url'),
    set(ctx: Context, name: string, id: string | null, maxAgeMs?: number) {
      ctx.cookies.set(name, id, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(ctx),
        path: '/admin',
        signed: true,
        overwrite: true,
        ...(maxAgeMs && { maxAge: maxAgeMs }),
      });
    },
    read(ctx: Context, name: string): string | undefined {
      return ctx.cookies.get(name, { signed: true }) || undefined;
    },
  };
}
