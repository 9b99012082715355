import { createHash } from 'node:crypto';

/** The per-account login counter key: a hash of the normalised email, so Redis holds no addresses. */
export function accountKey(email: string): string {
  return createHash('sha256').update(email.normalize('NFKC').trim().toLowerCase()).digest('base64url');
}
