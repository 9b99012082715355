import type { Middleware } from 'koa';

/**
 * With an https issuer, every request is treated as secure (`ctx.secure`), so oidc-provider's and our own
 * cookies carry `Secure` even when TLS ends at a proxy that TRUST_PROXY does not vouch for: browsers only
 * ever reach an https issuer over https, and a cookie without Secure could leak over a plain-http request.
 */
export function secureForHttpsIssuer(issuer: string): Middleware {
  const https = issuer.startsWith('https:');
  return async function secureForHttpsIssuer(ctx, next) {
    if (https && !ctx.secure)
      Object.defineProperty(ctx.request, 'secure', { value: true, configurable: true });
    await next();
  };
}
