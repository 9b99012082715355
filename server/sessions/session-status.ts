import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { Config } from '../config.ts';
import type { SessionVersions } from './session-versions.ts';
import { lifetimesFor, sessionTtl } from './timeouts.ts';

interface SessionModel {
  uid: string;
  loginTs?: number;
  exp?: number;
  accountId?: string;
  save(ttl: number): Promise<unknown>;
}

const now = () => Math.floor(Date.now() / 1000);

function unauthorized(ctx: Context, description: string): void {
  ctx.status = 401;
  ctx.set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description}"`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error: 'invalid_token', error_description: description };
}

/**
 * `GET /session/status` and `POST /session/extend` for apps holding an access token: when the player's
 * session idles out and when it ends for good, so the app can warn before expiry; extend slides the idle
 * timer (never past the absolute end). Mounted on the provider (provider.use) so it shares its models.
 */
export function sessionStatusRoutes(deps: { config: Config; versions: SessionVersions; provider: Provider }) {
  const ttl = sessionTtl(deps.config);
  return async function sessionStatus(ctx: Context, next: Next): Promise<void> {
    const extend = ctx.path === '/session/extend' && ctx.method === 'POST';
    if (!extend && !(ctx.path === '/session/status' && ctx.method === 'GET')) return next();
    const { provider } = deps;
    const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(ctx.get('authorization'));
    if (!match) return unauthorized(ctx, 'a Bearer access token is required');
    const token = await provider.AccessToken.find(match[1]!);
    if (!token || token.isExpired) return unauthorized(ctx, 'the access token is invalid or expired');
    const client = await provider.Client.find(token.clientId!);
    const session = (token.sessionUid ? await provider.Session.findByUid(token.sessionUid) : undefined) as
      | SessionModel
      | undefined;
    ctx.set('Cache-Control', 'no-store');
    const at = now();
    if (!session?.loginTs) {
      ctx.body = { active: false, idle_expires_at: at, absolute_expires_at: at, now: at };
      return;
    }
    const { absolute } = lifetimesFor(deps.config, client as never);
    const state = await deps.versions.current(session.accountId!);
    const limit = state?.limitMinutes ? session.loginTs + state.limitMinutes * 60 : Infinity;
    const absoluteEnd = Math.min(session.loginTs + absolute, limit);
    if (extend) {
      const seconds = Math.max(1, Math.min(ttl({ oidc: { client } }, session), absoluteEnd - at));
      await session.save(seconds);
    }
    ctx.body = {
      active: true,
      session_id: session.uid,
      idle_expires_at: Math.min(session.exp ?? at, absoluteEnd),
      absolute_expires_at: absoluteEnd,
      now: at,
    };
  };
}
