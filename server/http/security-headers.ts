import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';

/** The CSP for a response whose only allowed script is one carrying `nonce` (our pages carry none). */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    // oidc-provider's form_post page adds the hash of its one inline script to script-src (script_src_sha.js).
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    // https: for brand logos (pitboss brand add --logo-url), which operators host where they like.
    "img-src 'self' data: https:",
    // Forms post to ourselves, and form_post responses to the RP's registered redirect URI.
    "form-action 'self' http: https:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Pages with per-player content or single-use links: never cached. */
const NO_STORE = [
  '/interaction',
  '/admin',
  '/account',
  '/register',
  '/verify-email',
  '/forgot-password',
  '/reset-password',
  '/demo',
];

/**
 * Security headers on every response, set before the handler runs so that responses written directly by
 * oidc-provider (discovery, logout confirm, form_post, its error pages) carry them too. HSTS when the issuer
 * is https or the request arrived over https (directly or via a trusted proxy).
 */
export function securityHeadersFor(issuer = ''): Middleware {
  const httpsIssuer = issuer.startsWith('https:');
  return async function securityHeaders(ctx, next) {
    const nonce = randomBytes(16).toString('base64');
    ctx.state.cspNonce = nonce;
    ctx.set('Content-Security-Policy', contentSecurityPolicy(nonce));
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (httpsIssuer || ctx.secure)
      ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (NO_STORE.some((p) => ctx.path.startsWith(p))) ctx.set('Cache-Control', 'no-store');
    await next();
  };
}

/** Security headers for an http issuer (HSTS only for requests that arrived over https). */
export const securityHeaders: Middleware = securityHeadersFor();
