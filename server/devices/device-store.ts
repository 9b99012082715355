/** Browsers an account has signed in from, known by the hash of their device cookie's id. */
export interface DeviceStore {
  /** Whether this device has completed a sign-in to this account before. */
  isKnown(accountId: string, deviceHash: string): Promise<boolean>;
  /** Records (or refreshes) the device for the account, keeping at most `keep` most recently seen. */
  remember(accountId: string, deviceHash: string, userAgent: string | undefined, keep: number): Promise<void>;
  /** Forgets every device of the account (MFA reset: every browser is new again). */
  forgetAll(accountId: string): Promise<number>;
}
