import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { errorPage } from '../../views/error.ts';
import { isStoreOutage } from './store-outage.ts';

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  code?: string;
  error_description?: string;
}

/**
 * The error boundary for our own routes (interactions, health): exposed errors keep their status and
 * message; anything else is logged and answered with a generic 500. Store outages answer 503 + Retry-After.
 */
export function errorBoundary(log: Logger): Middleware {
  return async function handleErrors(ctx, next) {
    try {
      await next();
    } catch (caught) {
      const err = (caught ?? {}) as HttpishError;
      const status = err.status ?? err.statusCode ?? (isStoreOutage(caught) ? 503 : 500);
      const exposed =
        err.expose === true && status < 500 ? (err.error_description ?? err.message) : undefined;
      if (status >= 500) log.error({ err: caught, path: ctx.path }, 'request failed');
      if (status === 503) ctx.set('Retry-After', '5');
      ctx.status = status;
      const message =
        exposed ??
        (status === 503
          ? 'The service is briefly unavailable. Try again in a moment.'
          : 'Something went wrong.');
      if (ctx.accepts('html', 'json') === 'html') {
        ctx.type = 'html';
        ctx.body = errorPage(status === 503 ? 'Temporarily unavailable' : 'Something went wrong', message);
      } else {
        ctx.body = {
          error: err.code ?? (status === 503 ? 'temporarily_unavailable' : 'server_error'),
          message,
        };
      }
    }
  };
}
