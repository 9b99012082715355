/** One registered WebAuthn credential (passkey) of an account. */
export interface Passkey {
  /** The credential id, base64url (as the browser reports it). */
  readonly id: string;
  readonly accountId: string;
  /** COSE-encoded public key. */
  readonly publicKey: Uint8Array<ArrayBuffer>;
  /** The authenticator's signature counter at its last use (0 for authenticators that do not count). */
  readonly signCount: number;
  readonly transports: readonly string[];
  /** 'singleDevice' or 'multiDevice' (synced passkey). */
  readonly deviceType: string;
  readonly backedUp: boolean;
  /** The player's name for it ("Work laptop"). */
  readonly name: string;
  readonly aaguid: string | undefined;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | undefined;
}

export type NewPasskey = Omit<Passkey, 'createdAt' | 'lastUsedAt'>;

/** Storage of passkeys (implemented in adapters/postgres/passkey-store.ts). */
export interface PasskeyStore {
  /** The account's passkeys, oldest first. */
  list(accountId: string): Promise<Passkey[]>;
  count(accountId: string): Promise<number>;
  find(credentialId: string): Promise<Passkey | undefined>;
  /** Adds a credential; false when that credential id is already registered (to anyone). */
  add(passkey: NewPasskey): Promise<boolean>;
  /**
   * Records a use: the new counter and backed-up flag, last used now. Compare-and-set on the counter, so
   * two responses with the same count cannot both pass; false when the stored counter is not below it.
   */
  recordUse(credentialId: string, newCount: number, backedUp: boolean): Promise<boolean>;
  /** Removes one of the account's passkeys; the removed one, or undefined if it was not there. */
  remove(accountId: string, credentialId: string): Promise<Passkey | undefined>;
  /** Removes every passkey of the account (MFA reset); how many were removed. */
  removeAll(accountId: string): Promise<number>;
}
