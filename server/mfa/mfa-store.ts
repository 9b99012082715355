/** What is stored about an account's second factor; secrets are ciphertext (see secret-box.ts). */
export interface MfaRecord {
  readonly accountId: string;
  /** Encrypted TOTP secret once enrolment is confirmed. */
  readonly totpSecret: string | undefined;
  readonly enrolledAt: Date | undefined;
  /** Operator flag: the account must enrol (during its next sign-in). */
  readonly mfaRequired: boolean;
  readonly recoveryCodesLeft: number;
  /** The account's passkeys, when the store counts them in the same read (saves the status a round trip). */
  readonly passkeys?: number | undefined;
}

/** Storage of TOTP secrets and recovery codes (implemented in adapters/postgres/mfa-store.ts). */
export interface MfaStore {
  /** The record, or a blank one (not enrolled, not required) for accounts without MFA state. */
  find(accountId: string): Promise<MfaRecord>;
  /**
   * Enrols a confirmed secret and replaces the recovery codes, atomically, only while no secret is enrolled
   * (false otherwise: two enrolment flows racing cannot both win). Pending secrets live per flow, not here.
   */
  enrol(accountId: string, encryptedSecret: string, codeHashes: readonly string[]): Promise<boolean>;
  /** Enrols directly (operator CLI): active secret set, pending cleared, recovery codes removed. */
  setSecret(accountId: string, encryptedSecret: string): Promise<void>;
  /** Removes the TOTP secret (active and pending) and every recovery code. */
  removeTotp(accountId: string): Promise<void>;
  /** Replaces every recovery code with the given hashes. */
  replaceRecoveryCodes(accountId: string, codeHashes: readonly string[]): Promise<void>;
  /** Deletes the code if present; true only for the one caller that deleted it (single use). */
  consumeRecoveryCode(accountId: string, codeHash: string): Promise<boolean>;
  setMfaRequired(accountId: string, required: boolean): Promise<void>;
}
