import type { JWK } from 'jose';

export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256';
  /** Private JWK including kid, alg and use: "sig". */
  readonly privateJwk: JWK;
  readonly createdAt: Date;
  /** Set when a newer key took over signing; the key stays published while tokens it signed may live. */
  readonly retiredAt: Date | null;
}

/** Signing keys kept in Postgres (implemented in adapters/postgres/key-store.ts). */
export interface KeyStore {
  /** Creates the first key if none exists; safe when several instances start at once. */
  ensure(): Promise<void>;
  /**
   * Keys to publish, newest (the signing key) first: the current key plus retired ones whose retirement is
   * younger than maxTokenAgeSeconds.
   */
  published(maxTokenAgeSeconds: number): Promise<SigningKey[]>;
  /** Adds a new key that signs from now on and retires the previous current key. */
  rotate(): Promise<SigningKey>;
  /** A cheap value that changes whenever the key set changes (so servers can reload). */
  version(): Promise<string>;
}
