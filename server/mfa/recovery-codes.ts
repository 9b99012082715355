import { createHash, randomInt } from 'node:crypto';

// No 0/o, 1/l/i: codes are typed from paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;
export const RECOVERY_CODE_COUNT = 10;

/** Ten fresh codes like `k7qp-x3mz-a9tr` (about 59 bits each), shown to the player once. */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: GROUPS }, () =>
      Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
    ).join('-'),
  );
}

/** The typed code without spaces or dashes, lowercased; undefined when it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  const pattern = new RegExp(`^[${ALPHABET}]{${GROUPS * GROUP_LENGTH}}$`);
  return pattern.test(compact) ? compact : undefined;
}

/** SHA-256 of the normalised code: enough for a high-entropy random value (no password hashing needed). */
export function hashRecoveryCode(code: string): string {
  const compact = normaliseRecoveryCode(code) ?? code;
  return createHash('sha256').update(`pitboss-recovery:${compact}`).digest('base64url');
}
