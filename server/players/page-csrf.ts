import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { assertCsrf, csrfToken } from '../http/csrf.ts';

const COOKIE = 'pitboss.form';

/**
 * CSRF for pages outside a sign-in (standalone /register, /forgot-password): a random value in a signed,
 * HttpOnly, SameSite=Lax cookie, and its HMAC in the form (double submit).
 */
export function pageCsrfToken(ctx: Context, secret: string): string {
  let value = ctx.cookies.get(COOKIE, { signed: true });
  if (!value) {
    value = randomBytes(18).toString('base64url');
    ctx.cookies.set(COOKIE, value, { signed: true, httpOnly: true, sameSite: 'lax', overwrite: true });
  }
  return csrfToken(secret, `form:${value}`);
}

/** Rejects a standalone form post whose token does not match this browser's cookie (403). */
export function assertPageCsrf(ctx: Context, secret: string, presented: unknown): void {
  assertCsrf(secret, `form:${ctx.cookies.get(COOKIE, { signed: true }) ?? ''}`, presented);
}
