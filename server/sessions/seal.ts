import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deriveSecret } from '../keys/derive-secret.ts';

/**
 * AES-256-GCM sealing of a small JSON value under a key derived from a server secret and a context string
 * (here: the rotated refresh token's id). Redis alone is not enough to read what it stores: the key also
 * needs the cookie secret, which never leaves the app.
 */
export interface Sealer {
  seal(context: string, value: unknown): string;
  /** The value, or undefined when the box was made for another context or secret, or was tampered with. */
  open<T>(context: string, box: string): T | undefined;
}

/** A Sealer keyed by `secret` (one of the cookie keys) and a purpose label. */
export function createSealer(secret: string, purpose: string): Sealer {
  // HKDF once per purpose; each context's key is then one HMAC-SHA256 under it (HKDF-Expand's one-block
  // case), instead of a whole HKDF per seal on the refresh path. One key per context, as before.
  const purposeKey = deriveSecret(secret, `${purpose}\0seal`);
  const keyFor = (context: string) => createHmac('sha256', purposeKey).update(context).digest();
  return {
    seal(context, value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(context), iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open<T>(context: string, box: string): T | undefined {
      try {
        const raw = Buffer.from(box, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', keyFor(context), raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as T;
      } catch {
        return undefined;
      }
    },
  };
}
