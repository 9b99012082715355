import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { ConflictError, InvalidInputError } from '../errors.ts';
import { errorBoundaryFor } from '../http/http-error.ts';

/**
 * The admin API's error boundary: always JSON. OAuth bearer failures (oidc-provider's InvalidToken and
 * InsufficientScope) get WWW-Authenticate per RFC 6750; bad input names the field; a store outage (Postgres
 * or Redis unreachable) is 503 temporarily_unavailable with Retry-After, never a 500; the rest is generic.
 */
export function adminApiErrors(log: Logger): Middleware {
  return errorBoundaryFor('admin api request', log, (ctx, caught, { err, status, exposed }) => {
    if (caught instanceof InvalidInputError) {
      ctx.body = { error: 'invalid_request', field: caught.field, message: caught.message };
    } else if (err.error && status < 500) {
      // oidc-provider's errors carry the OAuth error code in `error`.
      const challenge = ctx.get('authorization') || status === 403 ? `, error="${err.error}"` : '';
      const scope = status === 403 ? ', scope="admin"' : '';
      if (status === 401 || status === 403)
        ctx.set('WWW-Authenticate', `Bearer realm="pitboss-admin"${challenge}${scope}`);
      ctx.body = { error: err.error, message: err.error_description ?? err.error };
    } else if (exposed !== undefined) {
      const detail = caught instanceof ConflictError ? caught.detail : undefined;
      ctx.body = { error: err.code ?? 'invalid_request', message: exposed, ...detail };
    } else {
      ctx.body = {
        error: status === 503 ? 'temporarily_unavailable' : 'server_error',
        message: status === 503 ? 'A backing store is unavailable; retry shortly.' : 'Something went wrong.',
      };
    }
  });
}
