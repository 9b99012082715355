import { createHmac } from 'node:crypto';

/** Turns an email someone typed into what the audit trail may keep of it. */
export type TypedEmailHasher = (email: string) => string;

/**
 * The audit trail never keeps the email typed for an account that does not exist (a mistyped address is
 * someone's personal data, kept forever in an append-only table): it keeps HMAC-SHA256 under a key derived
 * from the cookie key, so an operator who holds an address can still find its attempts, while the table
 * alone reveals nothing. A failure against an existing account carries its account id instead.
 */
export function typedEmailHasher(key: Buffer): TypedEmailHasher {
  return (email) =>
    createHmac('sha256', key)
      .update(email.normalize('NFKC').trim().toLowerCase())
      .digest('base64url')
      .slice(0, 32);
}
