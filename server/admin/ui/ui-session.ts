import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { ExpiringValues } from '../../sessions/expiring-values.ts';

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

/** The UI records as JSON in the registry's expiring values (Redis with a TTL on every key, or memory). */
export function createUiStore(values: ExpiringValues): UiStore {
  return {
    async get(id) {
      const raw = await values.get(id);
      return raw ? (JSON.parse(raw) as UiRecord) : undefined;
    },
    put: (id, record, ttlMs) => values.set(id, JSON.stringify(record), ttlMs),
    delete: (id) => values.delete(id),
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
