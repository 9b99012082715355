import { hkdfSync } from 'node:crypto';

/**
 * A secret for one purpose derived from a root secret (the signing cookie key) with HKDF-SHA256 and a
 * label: no two purposes share key material, and none of them reveals the root or another purpose's secret.
 */
export function deriveSecret(root: string | Buffer, label: string, bytes = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `pitboss ${label}`, bytes));
}
