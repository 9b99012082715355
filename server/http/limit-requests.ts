import type { Context, Middleware, Next } from 'koa';
import { hashKey, type Limiter } from './rate-limits.ts';
import { tooManyRequests } from './too-many-requests.ts';

/** Limits /admin/api per bearer token (hashed; never stored raw), or per IP without one. */
export function limitAdminApi(limiter: Limiter | undefined): Middleware {
  return async function limitAdminApi(ctx: Context, next: Next) {
    if (!limiter || !ctx.path.startsWith('/admin/api')) return next();
    const bearer = /^bearer (.+)$/i.exec(ctx.get('authorization'))?.[1]?.trim();
    const result = await limiter.consume(bearer ? `t:${hashKey(bearer)}` : `ip:${ctx.ip}`);
    if (!result.allowed) return tooManyRequests(ctx, result.retryAfter);
    return next();
  };
}
