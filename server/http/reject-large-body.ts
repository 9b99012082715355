import type { Middleware } from 'koa';
import { AppError } from '../errors.ts';

/** oidc-provider's own body limit (selective_body.js): larger bodies are refused before anyone reads them. */
export const PROVIDER_BODY_LIMIT = 56 * 1024;

/** Answers 413 to a request whose declared Content-Length exceeds `limit`, without reading the body. */
export function rejectLargeBody(limit = PROVIDER_BODY_LIMIT): Middleware {
  return async function rejectLargeBody(ctx, next) {
    if (Number(ctx.get('content-length') || 0) > limit) {
      throw new AppError('request entity too large', { code: 'ERR_BODY_TOO_LARGE', status: 413 });
    }
    await next();
  };
}
