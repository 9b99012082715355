import { createHash, randomBytes } from 'node:crypto';

export type TokenPurpose = 'verify_email' | 'password_reset';

/** What a valid link stands for. */
export interface TokenGrant {
  accountId: string;
  continueUrl: string | null;
}

/** Single-use, expiring links (adapters/postgres/account-token-store.ts); only hashes are stored. */
export interface AccountTokenStore {
  issue(input: {
    accountId: string;
    purpose: TokenPurpose;
    tokenHash: string;
    expiresAt: Date;
    continueUrl?: string | undefined;
  }): Promise<void>;
  /** Marks the token used and returns what it stands for, in one statement; undefined if used, expired or unknown. */
  consume(purpose: TokenPurpose, tokenHash: string): Promise<TokenGrant | undefined>;
  /** The token's grant without using it (the reset page shows its form only for a live link). */
  peek(purpose: TokenPurpose, tokenHash: string): Promise<TokenGrant | undefined>;
  /** Ends every outstanding token of this purpose for the account (a newer link, or the password changed). */
  revokeAll(accountId: string, purpose: TokenPurpose): Promise<void>;
}

/** A new link token (256 bits) and the hash that is stored. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

/** SHA-256 of a link token: a fast hash is enough for 256 random bits, and lookups stay indexable. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
