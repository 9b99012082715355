import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets are 256-bit random values, so a fast hash is enough at rest (no argon2 on the token path).
 * Because the store keeps only this hash, Pitboss offers client_secret_basic / client_secret_post but not
 * client_secret_jwt or HS* ID token signing, which need the plaintext.
 */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** A new random client secret (43 base64url characters). */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time check of a presented secret against the stored hash. */
export function clientSecretMatches(storedHash: string, presented: string): boolean {
  const a = Buffer.from(hashClientSecret(presented));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
