import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { z } from 'zod';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
/** The upper bound keeps one login attempt from costing arbitrary hashing work. */
export const MAX_PASSWORD_LENGTH = 1024;

/** The password policy every surface applies (registration, /account, reset links, CLI, admin). */
export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** Normalised (trimmed, lower-case) email with the length limit of RFC 5321. */
export const emailSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email('must be a valid email address').max(254, 'must be at most 254 characters'));

/** An argon2id hash of a password that already passed `passwordSchema`. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

/** True when the hash was made with weaker parameters than today's (re-hash while the plaintext is at hand). */
export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, HASH_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash, or against a dummy hash when there is none (unknown email), so
 * a miss costs the same time as a wrong password. Over-long input is refused after the same work.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  const candidate = password.slice(0, MAX_PASSWORD_LENGTH);
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  const ok = await argon2.verify(hash ?? (await dummyHash), candidate);
  return ok && hash !== undefined && password.length <= MAX_PASSWORD_LENGTH;
}
