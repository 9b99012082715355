import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the request being served, for log lines and audit rows that do not name it. */
export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent?: string | undefined;
  /** The route name once known (oidc-provider's `ctx.oidc.route`, or our router's path pattern). */
  route?: string | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `context` as the current request (everything it awaits sees it too). */
export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The request being served, if any (undefined in timers, the CLI and background writers). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
