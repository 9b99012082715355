import { createHash } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import { AppError } from '../errors.ts';
import type { Limiter } from './rate-limits.ts';

/** oidc-provider's own body limit; we buffer no more than it would read. */
const BODY_LIMIT = 56 * 1024;

const hash = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

/** Answers 429 with Retry-After and an OAuth-shaped JSON body. */
function tooMany(ctx: Context, retryAfter: number): void {
  ctx.status = 429;
  ctx.set('Retry-After', String(retryAfter));
  ctx.body = {
    error: 'temporarily_unavailable',
    error_description: `too many requests, retry after ${retryAfter} seconds`,
  };
}

/** The client id of a token request: Basic credentials, else `client_id`, else a client assertion's `iss`. */
async function tokenClientId(ctx: Context): Promise<string> {
  const auth = ctx.get('authorization');
  if (/^basic /i.test(auth)) {
    const user = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8').split(':')[0] ?? '';
    try {
      return decodeURIComponent(user.replace(/\+/g, ' '));
    } catch {
      return user;
    }
  }
  if (!ctx.is('application/x-www-form-urlencoded')) return '';
  const length = Number(ctx.get('content-length') || 0);
  if (length > BODY_LIMIT) {
    throw new AppError('request entity too large', { code: 'ERR_BODY_TOO_LARGE', status: 413 });
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of ctx.req) {
    received += (chunk as Buffer).length;
    if (received > BODY_LIMIT) {
      throw new AppError('request entity too large', { code: 'ERR_BODY_TOO_LARGE', status: 413 });
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  // oidc-provider reads an already consumed body from req.body (selective_body.js), so hand it on.
  (ctx.req as typeof ctx.req & { body?: Buffer }).body = raw;
  const params = new URLSearchParams(raw.toString('utf8'));
  const clientId = params.get('client_id');
  if (clientId) return clientId;
  const assertion = params.get('client_assertion')?.split('.')[1];
  if (!assertion) return '';
  try {
    // Unverified: only a counter key; oidc-provider verifies the assertion itself.
    const { iss } = JSON.parse(Buffer.from(assertion, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof iss === 'string' ? iss : '';
  } catch {
    return '';
  }
}

/** Limits POST /token per client id across instances; other requests pass straight through. */
export function limitTokenEndpoint(limiter: Limiter | undefined): Middleware {
  return async function limitTokenEndpoint(ctx: Context, next: Next) {
    if (!limiter || ctx.method !== 'POST' || ctx.path !== '/token') return next();
    const clientId = await tokenClientId(ctx);
    const result = await limiter.consume(clientId ? `c:${hash(clientId)}` : `ip:${ctx.ip}`);
    if (!result.allowed) return tooMany(ctx, result.retryAfter);
    return next();
  };
}

/** Limits /admin/api per bearer token (hashed; never stored raw), or per IP without one. */
export function limitAdminApi(limiter: Limiter | undefined): Middleware {
  return async function limitAdminApi(ctx: Context, next: Next) {
    if (!limiter || !ctx.path.startsWith('/admin/api')) return next();
    const bearer = /^bearer (.+)$/i.exec(ctx.get('authorization'))?.[1]?.trim();
    const result = await limiter.consume(bearer ? `t:${hash(bearer)}` : `ip:${ctx.ip}`);
    if (!result.allowed) return tooMany(ctx, result.retryAfter);
    return next();
  };
}
