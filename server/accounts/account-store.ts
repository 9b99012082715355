import type { Locale } from '../../views/i18n/catalogs.ts';

export type AccountStatus = 'active' | 'disabled' | 'self_excluded';

/** An account as the domain sees it; never carries the password hash. */
export interface Account {
  readonly id: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly status: AccountStatus;
  /** Bumped on password/role change, disable, self-exclusion; older sessions and tokens stop working. */
  readonly sessionVersion: number;
  readonly createdAt: Date;
  /** Self-registered accounts start unverified; operators' (CLI, admin) count as verified. */
  readonly emailVerified: boolean;
  /** YYYY-MM-DD from registration; null for accounts an operator made (the exclusion register is told it). */
  readonly dateOfBirth?: string | null;
  /** The language of the player's last registration or sign-in page; null when never seen (mail in English). */
  readonly locale?: Locale | null;
  /** Set by a sign-in's checks (rg/sign-in-checks.ts): the sign-in before this one (null: none). */
  readonly previousLoginAt?: Date | null;
}

export interface NewAccount {
  email: string;
  password: string;
  roles?: readonly string[];
  /** Default true (an operator vouches); registration passes false until the link is followed. */
  emailVerified?: boolean;
  /** YYYY-MM-DD, from registration (the age gate and the exclusion register use it). */
  dateOfBirth?: string;
  /** The registration page's language. */
  locale?: Locale;
}

/** The outcome of checking an email and password: exactly one argon2 verification on every path. */
export type PasswordCheck =
  | { result: 'unknown' }
  | { result: 'wrong'; account: Account }
  /** The password matches; the account may be in any status (the caller decides what that allows). */
  | { result: 'ok'; account: Account };

/**
 * Storage of player and admin accounts (implemented in adapters/postgres/account-store.ts; password rules and
 * hashing in password-policy.ts). Only account-commands.ts calls the writers that bump session_version.
 */
export interface AccountStore {
  /** Creates an account with an argon2id password hash; ConflictError if the email is taken, InvalidInputError on bad input. */
  create(input: NewAccount): Promise<Account>;
  findById(id: string): Promise<Account | undefined>;
  /** Case-insensitive email lookup. */
  findByEmail(email: string): Promise<Account | undefined>;
  /**
   * Returns the account when the email exists, the password matches and the status is active; otherwise undefined.
   * Spends about the same time whether or not the email exists (verifies against a dummy hash).
   */
  authenticate(email: string, password: string): Promise<Account | undefined>;
  /**
   * The sign-in checks `authenticate` runs after the password (restrictions, the exclusion register), for a
   * sign-in proven another way (a passkey); throws the same refusal. Present on the login page's store only.
   */
  checkSignIn?(account: Account): Promise<void>;
  /**
   * Checks the password whatever the account's status, with one argon2 verification whether the email is
   * unknown, the password wrong or right (a dummy hash stands in for a missing account).
   */
  checkPassword(email: string, password: string): Promise<PasswordCheck>;
  /** Sets status (disabled / self_excluded / active) and bumps session_version; NotFoundError if unknown. */
  setStatus(id: string, status: AccountStatus): Promise<Account>;
  /** Replaces the password (argon2id) and bumps session_version; InvalidInputError on a weak one. */
  setPassword(id: string, password: string): Promise<Account>;
  /** Replaces the roles and bumps session_version; InvalidInputError on a malformed role. */
  setRoles(id: string, roles: readonly string[]): Promise<Account>;
  /** Bumps session_version alone (e.g. after the second factors were reset). */
  bumpVersion(id: string): Promise<Account>;
  /** Marks the email verified (a verification or reset link was followed); nothing ends. */
  markEmailVerified(id: string): Promise<void>;
  /**
   * Remembers the language the player last used (a preference: nothing ends, no session version bump), for
   * mail that answers no page request. A no-op when it is already that language.
   */
  setLocale(id: string, locale: Locale): Promise<void>;
}
