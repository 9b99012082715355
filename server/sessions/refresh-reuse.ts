import type { Context, Next } from 'koa';
import type { AuditLog } from '../audit/audit-log.ts';
import { RETRY_AFTER_SECONDS } from '../http/http-error.ts';
import { isStoreOutage } from '../http/store-outage.ts';
import { lostConsumeRace } from './atomic-consume.ts';
import type { ExpiringValues } from './expiring-values.ts';
import type { Sealer } from './seal.ts';

/** The parts of an oidc-provider RefreshToken this module reads. */
export interface PresentedRefreshToken {
  kind: string;
  jti: string;
  consumed?: unknown;
  accountId?: string;
  clientId?: string;
  grantId?: string;
  sessionUid?: string;
}

interface StoredSuccessor {
  body: Record<string, unknown>;
  /** Epoch seconds when the successor was issued (expires_in is shortened by the time since). */
  at: number;
}

export interface RefreshReuseOptions {
  /** REFRESH_REUSE_WINDOW: 0 turns the overlap window off. */
  windowSeconds: number;
  successors: ExpiringValues;
  sealer: Sealer;
  audit: AuditLog;
  /** How long a racing retry waits for the winning request to publish its successor. */
  waitMs?: number;
  /** Told when the successor could not be kept for the window (Redis unreachable). */
  onStoreError?: (err: unknown) => void;
}

const now = () => Math.floor(Date.now() / 1000);

/**
 * The refresh-token overlap window and reuse detection around oidc-provider's refresh_token grant.
 *
 * - `onConsumedToken` runs inside the grant (from findAccount, after client authentication and every
 *   binding check). Inside the window it hides the account, so the library answers invalid_grant without
 *   revoking; outside it audits `token.reuse_detected` and lets the library revoke the whole grant.
 * - `middleware` wraps the provider: it publishes each successful rotation's response (sealed, TTL = the
 *   window) under the rotated token's id, and turns an in-window invalid_grant into that same response.
 *   The retry receives the same refresh, access and ID tokens as the first response; only expires_in is
 *   reduced by the time elapsed.
 */
export function createRefreshReuse(options: RefreshReuseOptions) {
  const window = options.windowSeconds;
  const replayable = new WeakSet<object>();

  const withinWindow = (token: PresentedRefreshToken) =>
    typeof token.consumed === 'number' && now() - token.consumed <= window;

  async function waitForSuccessor(id: string): Promise<StoredSuccessor | undefined> {
    const deadline = Date.now() + Math.min(options.waitMs ?? 3000, window * 1000);
    for (;;) {
      const box = await options.successors.get(id);
      const found = box ? options.sealer.open<StoredSuccessor>(id, box) : undefined;
      if (found || Date.now() >= deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  return {
    /** Returns true when the account must be hidden (an in-window retry the middleware will answer). */
    async onConsumedToken(ctx: Context, token: PresentedRefreshToken): Promise<boolean> {
      if (window > 0 && withinWindow(token)) {
        replayable.add(token);
        return true;
      }
      await options.audit.record({
        type: 'token.reuse_detected',
        outcome: 'failure',
        accountId: token.accountId,
        clientId: token.clientId,
        grantId: token.grantId,
        ip: ctx.ip,
        userAgent: ctx.get('user-agent'),
        detail: { consumed_at: token.consumed, action: 'grant_revoked' },
      });
      return false;
    },

    middleware: async function refreshOverlapWindow(ctx: Context, next: Next): Promise<void> {
      await next();
      const oidc = (ctx as { oidc?: OidcView }).oidc;
      if (window === 0 || oidc?.route !== 'token' || oidc.params?.grant_type !== 'refresh_token') return;
      const rotated = oidc.entities.RotatedRefreshToken;
      if (ctx.status === 200 && rotated) {
        const stored: StoredSuccessor = { body: ctx.body as Record<string, unknown>, at: now() };
        try {
          // One second past the window: `consumed` is whole seconds, so a retry still judged inside the window
          // (rounded down) always finds its successor instead of a bare invalid_grant.
          await options.successors.set(
            rotated.jti,
            options.sealer.seal(rotated.jti, stored),
            (window + 1) * 1000,
          );
        } catch (err) {
          // The rotation itself is stored: answer it. Only an honest retry of this one rotation will miss
          // its successor (it gets invalid_grant); never a 500 for a store that failed after the fact.
          if (!isStoreOutage(err)) throw err;
          options.onStoreError?.(err);
        }
        return;
      }
      const presented = oidc.entities.RefreshToken;
      const error = (ctx.body as { error?: string } | undefined)?.error;
      if (ctx.status !== 400 || error !== 'invalid_grant' || !presented) return;
      if (!replayable.has(presented) && !lostConsumeRace.has(presented)) return;
      let successor: StoredSuccessor | undefined;
      try {
        successor = await waitForSuccessor(presented.jti);
      } catch (err) {
        if (!isStoreOutage(err)) throw err;
        ctx.status = 503;
        ctx.set('Retry-After', RETRY_AFTER_SECONDS);
        ctx.body = { error: 'temporarily_unavailable', error_description: 'a backing store is unavailable' };
        return;
      }
      if (!successor) return;
      const expiresIn = Number(successor.body.expires_in ?? 0);
      ctx.status = 200;
      ctx.body = { ...successor.body, expires_in: Math.max(0, expiresIn - (now() - successor.at)) };
      await options.audit.record({
        type: 'token.refreshed',
        outcome: 'success',
        accountId: presented.accountId,
        clientId: presented.clientId,
        grantId: presented.grantId,
        ip: ctx.ip,
        userAgent: ctx.get('user-agent'),
        detail: { retry_within_window: true },
      });
    },
  };
}

export type RefreshReuse = ReturnType<typeof createRefreshReuse>;

interface OidcView {
  route?: string;
  params?: { grant_type?: string };
  entities: { RefreshToken?: PresentedRefreshToken; RotatedRefreshToken?: PresentedRefreshToken };
}
