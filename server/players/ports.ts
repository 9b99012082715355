import type { Locale } from '../../views/i18n/catalogs.ts';
import type { Ui } from '../../views/ui.ts';
import type { AccountTokenStore } from '../accounts/account-tokens.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Mailer } from '../mail/mailer.ts';

/** A player account as self-service sees it. */
export interface PlayerAccount {
  id: string;
  email: string;
  emailVerified: boolean;
  status: string;
  /** The language of its last registration or sign-in page (null: never seen). */
  locale?: Locale | null | undefined;
}

/** What registration, verification and reset need from accounts (wired to the account store and commands). */
export interface PlayerAccounts {
  findByEmail(email: string): Promise<PlayerAccount | undefined>;
  findById(id: string): Promise<PlayerAccount | undefined>;
  /** Creates an unverified account; ConflictError when the email is taken. */
  register(input: {
    email: string;
    password: string;
    dateOfBirth: string;
    locale: Locale;
  }): Promise<PlayerAccount>;
  markEmailVerified(id: string): Promise<void>;
  /** The account command: new password, every session and grant ended (RPs told), audited, player mailed. */
  resetPassword(id: string, password: string, who: RequestInfo, ui: Ui): Promise<void>;
}

/** Asks the national exclusion register (when configured) about a would-be player. */
export type ExclusionCheck = (input: {
  accountId: string | null;
  email: string;
  dateOfBirth: string;
}) => Promise<'clear' | 'excluded' | 'unavailable'>;

/** A request's origin for audit rows. */
export interface RequestInfo {
  ip: string;
  userAgent: string;
  clientId?: string | undefined;
}

/** One attempt counted against a key (per account or IP); false when over the limit. */
export type Throttle = (key: string) => Promise<boolean>;

export interface SelfServiceDeps {
  issuer: string;
  accounts: PlayerAccounts;
  tokens: AccountTokenStore;
  mailer: Pick<Mailer, 'send'>;
  audit: AuditLog;
  verifyTokenTtl: number;
  resetTokenTtl: number;
  /** Registration refused by the national exclusion register; absent: no register configured. */
  exclusionCheck?: ExclusionCheck | undefined;
  /** Per-email and per-IP limits on mail-sending requests (reset requests, verification resends). */
  throttle: { email: Throttle; ip: Throttle };
}

/** Query parameters that keep a page in the player's language and brand when a mail link is followed. */
export function linkContext(ui: Ui, clientId: string | undefined): string {
  const q = new URLSearchParams({ ui_locales: ui.locale });
  if (clientId) q.set('client_id', clientId);
  return q.toString();
}
