import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { errorPage } from '../../views/error.ts';
import { errorBoundaryFor } from './http-error.ts';
import { pageUi } from './page-ui.ts';

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
      // The page in the player's language (the interaction's ui_locales when it was loaded).
      const ui = (ctx.state.interaction as { ui?: ReturnType<typeof pageUi> } | undefined)?.ui ?? pageUi(ctx);
      const pageMessage =
        exposed && err.messageKey
          ? ui.t(err.messageKey, err.messageParams)
          : (exposed ?? ui.t(status === 503 ? 'error.unavailable' : 'error.generic'));
      ctx.type = 'html';
      ctx.body = errorPage(ui, ui.t(status === 503 ? 'error.unavailable.title' : 'error.title'), pageMessage);
    } else {
      ctx.body = {
        error: err.code ?? (status === 503 ? 'temporarily_unavailable' : 'server_error'),
        message,
      };
    }
  });
}
