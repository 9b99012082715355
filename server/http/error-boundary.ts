import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { errorPage } from '../../views/error.ts';
import type { MessageKey } from '../../views/i18n/catalogs.ts';
import type { MessageParams } from '../../views/i18n/translate.ts';
import { pageUi } from './page-ui.ts';
import { isStoreOutage } from './store-outage.ts';

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  code?: string;
  error_description?: string;
  messageKey?: MessageKey;
  messageParams?: MessageParams;
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
        // The page in the player's language (the interaction's ui_locales when it was loaded).
        const ui =
          (ctx.state.interaction as { ui?: ReturnType<typeof pageUi> } | undefined)?.ui ?? pageUi(ctx);
        const pageMessage =
          exposed && err.messageKey
            ? ui.t(err.messageKey, err.messageParams)
            : exposed
              ? exposed
              : ui.t(status === 503 ? 'error.unavailable' : 'error.generic');
        ctx.type = 'html';
        ctx.body = errorPage(
          ui,
          ui.t(status === 503 ? 'error.unavailable.title' : 'error.title'),
          pageMessage,
        );
      } else {
        ctx.body = {
          error: err.code ?? (status === 503 ? 'temporarily_unavailable' : 'server_error'),
          message,
        };
      }
    }
  };
}
