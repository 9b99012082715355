import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { type RequestContext, runInRequest } from './request-context.ts';

/** What the request log hands to metrics once a response is finished. */
export interface FinishedRequest {
  route: string;
  method: string;
  status: number;
  seconds: number;
}

// A caller's id is honoured only if it is short and plain: it ends up in logs and audit rows.
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One log line per request with a request id (the caller's X-Request-Id when sane, else a UUID), returned in
 * the response and carried in an AsyncLocalStorage context so audit rows pick it up with the IP and user
 * agent. Logged on `finish`, because oidc-provider answers on the raw response outside koa's flow.
 */
export function requestLog(log: Logger, onFinished?: (request: FinishedRequest) => void): Middleware {
  return async function requestLog(ctx, next) {
    const given = ctx.get('x-request-id');
    const requestId = SANE_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', requestId);
    const context: RequestContext = {
      requestId,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent').slice(0, 512) || undefined,
    };
    const started = process.hrtime.bigint();
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      // Route names only (never a raw path with ids) so the metric's label set stays bounded.
      const route = context.route ?? (ctx._matchedRoute ? String(ctx._matchedRoute) : 'unmatched');
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = ctx.res.statusCode;
      onFinished?.({ route, method: ctx.method, status, seconds });
      // The line's object is only built when it will be written (LOG_LEVEL above info skips it).
      if (!log.isLevelEnabled('info')) return;
      log.info(
        {
          reqId: requestId,
          method: ctx.method,
          route,
          // Matched routes are logged by name only: their paths carry interaction and session handles.
          ...(route === 'unmatched' ? { path: ctx.path.slice(0, 200) } : {}),
          status,
          ms: Math.round(seconds * 1000),
          ip: context.ip,
          ...(ctx.res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    };
    ctx.res.once('finish', finished);
    ctx.res.once('close', finished);
    await runInRequest(context, () => next());
  };
}
