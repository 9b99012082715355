/** Secrets must carry at least this many bytes (256 bits), as `openssl rand -base64 32` gives. */
export const MIN_KEY_BYTES = 32;
/** A random 32-byte key has about 30 distinct byte values; a handful means a pattern, not a key. */
const MIN_DISTINCT_BYTES = 8;

/** The bytes a configured secret stands for: hex or base64(url) when written that way, else its UTF-8 text. */
export function keyBytes(key: string): Buffer {
  if (/^(?:[0-9a-f]{2})+$/i.test(key)) return Buffer.from(key, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(key) && key.length % 4 !== 1) return Buffer.from(key, 'base64');
  return Buffer.from(key, 'utf8');
}

/** Why `bytes` is too weak to be a secret (too short, all one byte, a short repeated pattern), else undefined. */
export function weakKeyReason(bytes: Buffer, minBytes = MIN_KEY_BYTES): string | undefined {
  if (bytes.length < minBytes) {
    return `must carry at least ${minBytes} random bytes (got ${bytes.length}; e.g. openssl rand -base64 32)`;
  }
  if (new Set(bytes).size < MIN_DISTINCT_BYTES) return 'is a repeated byte pattern, not a random key';
  return undefined;
}
