import { randomFillSync } from 'node:crypto';
import type { Middleware } from 'koa';

const CSP_TAIL = [
  "style-src 'unsafe-inline'",
  // The passkey script fetches WebAuthn options from our own origin.
  "connect-src 'self'",
  // https: for brand logos (pitboss brand add --logo-url), which operators host where they like.
  "img-src 'self' data: https:",
  // Forms post to ourselves, and form_post responses to the RP's registered redirect URI.
  "form-action 'self' http: https:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The CSP for a response whose only allowed script is one carrying `nonce` (our pages carry none). */
export function contentSecurityPolicy(nonce: string): string {
  // oidc-provider's form_post page adds the hash of its one inline script to script-src (script_src_sha.js).
  return `default-src 'none'; script-src 'nonce-${nonce}'; ${CSP_TAIL}`;
}

// Nonces are cut from a block of CSPRNG output refilled every 256 responses: each is still used once and
// unpredictable, without a random-number call per request (which showed up in the token endpoint's profile).
const NONCE_BYTES = 16;
const block = Buffer.alloc(NONCE_BYTES * 256);
let offset = block.length;

/** A fresh 128-bit nonce, base64. */
function nextNonce(): string {
  if (offset === block.length) {
    randomFillSync(block);
    offset = 0;
  }
  const nonce = block.toString('base64', offset, offset + NONCE_BYTES);
  offset += NONCE_BYTES;
  return nonce;
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
    const nonce = nextNonce();
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
