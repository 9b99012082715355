import type { Middleware } from 'koa';

/** Conservative headers for every response; pages use only inline styles, no scripts, no external assets. */
export const securityHeaders: Middleware = async function securityHeaders(ctx, next) {
  await next();
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  if (
    ctx.path.startsWith('/interaction') ||
    ctx.path.startsWith('/admin') ||
    ctx.path.startsWith('/account') ||
    ctx.path === '/'
  ) {
    ctx.set(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'",
    );
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cache-Control', 'no-store');
  }
  if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
};
