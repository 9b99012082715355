import type { Context } from 'koa';

/** Answers 429 with Retry-After and an OAuth-shaped JSON body. */
export function tooManyRequests(ctx: Context, retryAfter: number): void {
  ctx.status = 429;
  ctx.set('Retry-After', String(retryAfter));
  ctx.body = {
    error: 'temporarily_unavailable',
    error_description: `too many requests, retry after ${retryAfter} seconds`,
  };
}
