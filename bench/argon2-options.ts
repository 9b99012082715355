import argon2 from 'argon2';

/** The parameters of server/accounts/password-policy.ts (OWASP: argon2id, 19 MiB, 2 passes, 1 lane). */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;
