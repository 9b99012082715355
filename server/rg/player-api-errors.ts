import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { InvalidInputError } from '../errors.ts';
import { isStoreOutage } from '../http/store-outage.ts';

/**
 * The player API's error boundary: always JSON (apps call it, not browsers). Bad input names the field; a store
 * outage is 503 with Retry-After; anything unexpected is logged and answered with a generic 500.
 */
export function playerApiErrors(log: Logger): Middleware {
  return async function playerApiErrors(ctx, next) {
    try {
      await next();
    } catch (caught) {
      const err = (caught ?? {}) as { status?: number; expose?: boolean; message?: string; code?: string };
      const status = err.status ?? (isStoreOutage(caught) ? 503 : 500);
      ctx.status = status;
      ctx.set('Cache-Control', 'no-store');
      if (status === 503) ctx.set('Retry-After', '5');
      if (status >= 500 && status !== 503)
        log.error({ err: caught, path: ctx.path }, 'player api request failed');
      if (caught instanceof InvalidInputError) {
        ctx.body = { error: 'invalid_request', field: caught.field, message: caught.message };
      } else if (err.expose && status < 500) {
        ctx.body = { error: err.code ?? 'invalid_request', message: err.message };
      } else if (status === 503) {
        ctx.body = {
          error: 'temporarily_unavailable',
          message: 'A backing store is unavailable; retry shortly.',
        };
      } else {
        ctx.body = { error: 'server_error', message: 'Something went wrong.' };
      }
    }
  };
}
