import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { Context } from 'koa';
import { MemoryStore } from '../../../adapters/memory/memory-store.ts';

/** Server-side state of the admin UI: a signed-in admin, or a sign-in in progress. Never in the cookie. */
export interface UiRecord {
  kind: 'session' | 'login';
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

/** Signed cookies holding only a random record id (HMAC with the cookie keys; any key verifies). */
export function uiCookies(cookieKeys: readonly string[], secure: (ctx: Context) => boolean) {
  const sign = (value: string, key: string) =>
    createHmac('sha256', key).update(`admin-ui:${value}`).digest('base64url');
  return {
    newId: () => randomBytes(24).toString('base64url'),
    set(ctx: Context, name: string, id: string | null, maxAgeMs?: number) {
      ctx.cookies.set(name, id ? `${id}.${sign(id, cookieKeys[0]!)}` : null, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(ctx),
        path: '/admin',
        signed: false,
        overwrite: true,
        ...(maxAgeMs && { maxAge: maxAgeMs }),
      });
    },
    read(ctx: Context, name: string): string | undefined {
      const [id, mac] = (ctx.cookies.get(name) ?? '').split('.');
      if (!id || !mac) return undefined;
      const presented = Buffer.from(mac);
      return cookieKeys.some((key) => {
        const expected = Buffer.from(sign(id, key));
        return expected.length === presented.length && timingSafeEqual(expected, presented);
      })
        ? id
        : undefined;
    },
  };
}
