import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import type { MessageKey } from '../../views/i18n/catalogs.ts';
import type { MessageParams } from '../../views/i18n/translate.ts';
import { isStoreOutage } from './store-outage.ts';

/** The fields koa, oidc-provider and our AppErrors carry on a thrown error. */
export interface Thrown {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  code?: string;
  error?: string;
  error_description?: string;
  /** A translated page message (AppError's messageKey) and its parameters. */
  messageKey?: MessageKey;
  messageParams?: MessageParams;
}

/** A store outage's answer: 503 and when to retry (seconds). */
export const RETRY_AFTER_SECONDS = '5';

/**
 * How an error boundary answers a thrown value: its own status (a store outage without one is 503, anything
 * else 500), and the message it may show (only for exposed client errors).
 */
export function classify(caught: unknown): { err: Thrown; status: number; exposed: string | undefined } {
  const err = (caught ?? {}) as Thrown;
  const status = err.status ?? err.statusCode ?? (isStoreOutage(caught) ? 503 : 500);
  const exposed = err.expose === true && status < 500 ? (err.error_description ?? err.message) : undefined;
  return { err, status, exposed };
}

/**
 * The shared half of every error boundary (one per surface): catch, classify, log 5xx, set the status and
 * Retry-After on 503; `respond` writes the surface's own body (a page, OAuth JSON, admin JSON).
 */
export function errorBoundaryFor(
  name: string,
  log: Pick<Logger, 'error'>,
  respond: (ctx: Context, caught: unknown, classified: ReturnType<typeof classify>) => void,
): Middleware {
  const boundary = async (ctx: Context, next: () => Promise<unknown>) => {
    try {
      await next();
    } catch (caught) {
      const classified = classify(caught);
      if (classified.status >= 500) log.error({ err: caught, path: ctx.path }, `${name} failed`);
      if (classified.status === 503) ctx.set('Retry-After', RETRY_AFTER_SECONDS);
      ctx.status = classified.status;
      respond(ctx, caught, classified);
    }
  };
  Object.defineProperty(boundary, 'name', {
    value: name.replace(/\W+(\w)/g, (_, c: string) => c.toUpperCase()),
  });
  return boundary;
}
