import type { CommandSurface } from '../accounts/account-commands.ts';
import type { LimitName } from './cooling-off.ts';
import type { RestrictionPeriod } from './periods.ts';

export type RestrictionKind = 'timeout' | 'self_exclusion' | 'panic' | 'register';
/** Where a change came from (audited and kept in the history): the account commands' surfaces. */
export type Surface = CommandSurface;

/** Who asked, from where, and why: kept on every history row. */
export interface Actor {
  /** The account id of the player or admin, a service client id, or 'cli' / 'register' / 'system'. */
  actor: string;
  surface: Surface;
  reason?: string | undefined;
}

export interface Restriction {
  id: string;
  kind: RestrictionKind;
  period: RestrictionPeriod | null;
  startsAt: Date;
  /** null: permanent. */
  endsAt: Date | null;
  actor: string;
  surface: string;
  reason: string | null;
}

export interface LimitChange {
  id: string;
  name: LimitName;
  oldValue: number | null;
  newValue: number | null;
  requestedAt: Date;
  effectiveAt: Date;
  appliedAt: Date | null;
  cancelledAt: Date | null;
  actor: string;
  surface: string;
  reason: string | null;
}

/** The limits in force and the changes still waiting for their cooling-off. */
export interface Limits {
  session_minutes: number | null;
  reality_check_minutes: number | null;
  pending: { id: string; name: LimitName; value: number | null; effectiveAt: Date }[];
}

/** Storage of responsible-gambling state with its history (adapters/postgres/rg-store.ts). Nothing is deleted. */
export interface RgStore {
  limits(accountId: string): Promise<Limits>;
  /**
   * Records a requested change: one that is effective now is applied in the same transaction; any earlier pending
   * change of the same limit is cancelled (it stays in the history). Returns the row.
   */
  requestLimit(
    accountId: string,
    change: { name: LimitName; oldValue: number | null; newValue: number | null; effectiveAt: Date | null },
    by: Actor,
  ): Promise<LimitChange | undefined>;
  /** Applies every pending change whose time has come (all accounts, or one); returns what it applied. */
  applyDue(accountId?: string): Promise<(LimitChange & { accountId: string })[]>;
  /** The restriction in force that ends last (a permanent one wins), or undefined. */
  activeRestriction(accountId: string): Promise<Restriction | undefined>;
  /** Records a restriction and bumps the account's session_version in one transaction. */
  restrict(
    accountId: string,
    r: { kind: RestrictionKind; period: RestrictionPeriod | null; endsAt: Date | null },
    by: Actor,
  ): Promise<Restriction>;
  restrictions(accountId: string): Promise<Restriction[]>;
  limitHistory(accountId: string): Promise<LimitChange[]>;
  /** Moves last_login_at to previous_login_at and stamps now; returns the previous sign-in (or null). */
  recordLogin(accountId: string): Promise<Date | null>;
  /** The sign-in before the current one (N.J.A.C. 13:69O-1.2(c)). */
  previousLogin(accountId: string): Promise<Date | null>;
  /** The register's last answer for the account. */
  lastRegisterAnswer(accountId: string): Promise<{ excluded: boolean; checkedAt: Date } | undefined>;
  saveRegisterAnswer(accountId: string, excluded: boolean): Promise<void>;
}
