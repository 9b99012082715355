import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { errorPage } from '../../views/error.ts';
import { errorBoundaryFor } from './http-error.ts';

/**
 * The error boundary for our own routes (interactions, health): exposed errors keep their status and
 * message; anything else is logged and answered with a generic 500. Store outages answer 503 + Retry-After.
 */
export function errorBoundary(log: Logger): Middleware {
  return errorBoundaryFor('request', log, (ctx, _caught, { err, status, exposed }) => {
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
  });
}
