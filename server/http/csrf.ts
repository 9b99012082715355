import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';

/** The per-form token: an HMAC of the interaction uid under the first cookie key. */
export function csrfToken(secret: string, uid: string): string {
  return createHmac('sha256', secret).update(`csrf:${uid}`).digest('base64url');
}

/** Rejects a form post whose token does not belong to this interaction (403). */
export function assertCsrf(secret: string, uid: string, presented: unknown): void {
  const expected = Buffer.from(csrfToken(secret, uid));
  const actual = Buffer.from(typeof presented === 'string' ? presented : '');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new AppError('The form has expired. Go back to the app and try again.', {
      code: 'ERR_CSRF',
      status: 403,
      expose: true,
      messageKey: 'error.formExpired',
    });
  }
}
