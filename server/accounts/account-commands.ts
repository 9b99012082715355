import type { Ui } from '../../views/ui.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DeviceStore } from '../devices/device-store.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { MfaStore } from '../mfa/mfa-store.ts';
import type { NewPasskey, PasskeyStore } from '../passkeys/passkey-store.ts';
import type { RestrictionPeriod } from '../rg/periods.ts';
import type { RestrictionKind, RgStore } from '../rg/rg-store.ts';
import type { EndReason } from '../sessions/session-events.ts';
import type { SessionStateStore } from '../sessions/session-state.ts';
import type { SessionVersions } from '../sessions/session-versions.ts';
import type { EndCounts } from '../sessions/terminate.ts';
import type { Account, AccountStore } from './account-store.ts';

/** Which surface asked for a change (audited; extend, never rename). */
export type CommandSurface =
  | 'account'
  | 'admin_api'
  | 'console'
  | 'cli'
  | 'player_api'
  | 'reset_link'
  | 'register'
  | 'system';

/** Who asks for an account change, from where, and why: every audit row of a command carries it. */
export interface CommandActor {
  surface: CommandSurface;
  /** The admin's account id or service client id; the player's own id on /account and the player API. */
  id?: string | undefined;
  kind?: 'user' | 'client' | 'player' | 'operator' | undefined;
  /** Free text from the operator (required by the admin API for destructive commands). */
  reason?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** A session that survives the command (the /account page's own, after a password change). */
  keepSessionId?: string | undefined;
  /** The asking page's language and brand, for what the player is told (absent: English, the platform's). */
  ui?: Ui | undefined;
  /** The app whose pages asked (kept in links the player is mailed). */
  clientId?: string | undefined;
}

/** What ended because of a command: counts, or `queued` when a running server will end them (CLI, embedded). */
export type Ended = EndCounts & { queued?: boolean };

export interface CommandResult {
  account: Account;
  ended: Ended;
}

/**
 * Ends every session and grant of an account: the SessionTerminator in the server, or (CLI on the embedded
 * defaults) a request the running server picks up from the shared database.
 */
export interface AccountEndings {
  endAllForAccount(
    accountId: string,
    reason: EndReason,
    actor?: string,
    options?: { keepSessionId?: string | undefined },
  ): Promise<Ended>;
  /** Tells the processes holding sessions that the account changed without ending anything (e.g. a limit). */
  changed?(accountId: string, actor?: string): Promise<void>;
}

/** What the player is told after a command, whichever surface asked (the durable mail outbox). */
export interface AccountNotices {
  passwordChanged(account: Account, actor: CommandActor): Promise<void>;
}

/** Keeps one session alive across a version bump (re-stamps its auth time; see session-restamp.ts). */
export type KeepSession = (sessionId: string, notBefore: number) => Promise<void>;

export interface AccountCommandDeps {
  accounts: AccountStore;
  states: SessionStateStore;
  versions: Pick<SessionVersions, 'refresh'>;
  endings: AccountEndings;
  audit: AuditLog;
  mfa: Pick<MfaStore, 'removeTotp'>;
  /** Passkeys (added and removed as commands; an MFA reset removes them all). */
  passkeys: Pick<PasskeyStore, 'add' | 'remove' | 'removeAll'>;
  /** Remembered browsers (an MFA reset forgets them: every browser is new again). */
  devices: Pick<DeviceStore, 'forgetAll'>;
  /** Responsible-gambling limits and restrictions with their history (server/rg/rg-store.ts). */
  restrictions: Pick<RgStore, 'restrict' | 'requestLimit' | 'limits'>;
  /** Only where sessions can be kept (the server); without it keepSessionId is ignored. */
  keepSession?: KeepSession | undefined;
  /** Tells the player (by mail) what changed; absent: nobody is told. */
  tell?: AccountNotices | undefined;
}

/** Audit type of each restriction command. */
const RESTRICTION_AUDIT: Record<RestrictionKind, string> = {
  timeout: 'account.timeout',
  self_exclusion: 'account.self_excluded',
  panic: 'account.panic',
  register: 'account.register_match',
};

/**
 * The one path for account changes (CLI, admin API, console, /account, later the player API and reset links):
 * each command writes Postgres (bumping session_version where old sessions must stop), rewrites the version
 * cache at once (so every instance refuses old artefacts on its next request), ends what must end through
 * the terminator (audit, event, metric, back-channel logout to every RP), and audits itself with who, why and
 * which surface. A new command: one more method here built on `apply`, then call it from each surface.
 */
export function createAccountCommands(deps: AccountCommandDeps) {
  /** The common steps: change, refresh the cache, end (when `ends` is given), audit. */
  async function apply(
    accountId: string,
    actor: CommandActor,
    step: {
      type: string;
      change: () => Promise<unknown>;
      ends?: EndReason | undefined;
      detail?: Record<string, unknown>;
    },
  ): Promise<CommandResult> {
    await step.change();
    const state = await deps.versions.refresh(accountId);
    if (actor.keepSessionId && deps.keepSession && state)
      await deps.keepSession(actor.keepSessionId, state.notBefore);
    const by = actor.id ?? actor.surface;
    const ended: Ended = step.ends
      ? await deps.endings.endAllForAccount(accountId, step.ends, by, {
          keepSessionId: deps.keepSession ? actor.keepSessionId : undefined,
        })
      : { sessions: 0, grants: 0 };
    if (!step.ends) await deps.endings.changed?.(accountId, by);
    const account = await deps.accounts.findById(accountId);
    if (!account) throw new ConflictError('account: removed while it was being changed');
    await deps.audit.record({
      type: step.type,
      outcome: 'success',
      accountId,
      ip: actor.ip,
      userAgent: actor.userAgent,
      detail: {
        surface: actor.surface,
        actor: actor.id ?? actor.surface,
        ...(actor.kind && { actorKind: actor.kind }),
        ...(actor.reason && { reason: actor.reason }),
        ended,
        ...step.detail,
      },
    });
    return { account, ended };
  }

  return {
    /**
     * Sets a new password (policy: accounts/password-policy.ts); ends every other session and grant, and the
     * player is told by mail whichever surface asked (/account, a reset link, the CLI).
     */
    async changePassword(accountId: string, password: string, actor: CommandActor) {
      const result = await apply(accountId, actor, {
        type: 'account.password_changed',
        change: () => deps.accounts.setPassword(accountId, password),
        ends: 'password_changed',
      });
      await deps.tell?.passwordChanged(result.account, actor);
      return result;
    },

    /** Disables the account; everything it holds ends. */
    disable: (accountId: string, actor: CommandActor) =>
      apply(accountId, actor, {
        type: 'account.disabled',
        change: () => deps.accounts.setStatus(accountId, 'disabled'),
        ends: 'disabled',
      }),

    /** Re-enables a disabled account (only); never lifts a time-out or self-exclusion (ConflictError). */
    async enable(accountId: string, actor: CommandActor) {
      const state = await deps.states.read(accountId);
      if (state?.status === 'active') {
        throw new ConflictError('account: only a disabled account can be enabled (this one is active)');
      }
      if (state && state.status !== 'disabled') {
        throw new ConflictError(`account: ${state.status.replace('_', '-')} cannot be lifted early`);
      }
      return apply(accountId, actor, {
        type: 'account.enabled',
        change: () => deps.accounts.setStatus(accountId, 'active'),
      });
    },

    /** Replaces the roles; sessions carrying the old ones end. */
    setRoles: (accountId: string, roles: readonly string[], actor: CommandActor) =>
      apply(accountId, actor, {
        type: 'account.roles_changed',
        change: () => deps.accounts.setRoles(accountId, roles),
        ends: 'roles_changed',
        detail: { roles: [...roles] },
      }),

    /** Removes every second factor (TOTP, recovery codes, passkeys) and remembered browser; every session ends. */
    resetMfa: (accountId: string, actor: CommandActor) =>
      apply(accountId, actor, {
        type: 'account.mfa_reset',
        change: async () => {
          await deps.mfa.removeTotp(accountId);
          await deps.passkeys.removeAll(accountId);
          await deps.devices.forgetAll(accountId);
          await deps.accounts.bumpVersion(accountId);
        },
        ends: 'mfa_reset',
      }),

    /** Adds a passkey whose registration ceremony server/passkeys verified; ConflictError if already registered. */
    addPasskey: (accountId: string, passkey: NewPasskey, actor: CommandActor) =>
      apply(accountId, actor, {
        type: 'account.passkey_added',
        change: async () => {
          if (!(await deps.passkeys.add(passkey))) throw new ConflictError('passkey: already registered');
        },
        detail: { name: passkey.name, credential: passkey.id },
      }),

    /** Removes one of the account's passkeys (after re-authentication on /account); NotFoundError if absent. */
    removePasskey: async (accountId: string, credentialId: string, actor: CommandActor) => {
      let name: string | undefined;
      const result = await apply(accountId, actor, {
        type: 'account.passkey_removed',
        change: async () => {
          const removed = await deps.passkeys.remove(accountId, credentialId);
          if (!removed) throw new NotFoundError('passkey: not on this account');
          name = removed.name;
        },
        detail: { credential: credentialId },
      });
      return { ...result, name: name! };
    },

    /**
     * Sets or clears (null) the per-session time limit at once, with a history row (operators and tests; the player
     * and operator surfaces go through server/rg/responsible-gambling.ts, which applies the cooling-off).
     */
    setLimits: (accountId: string, limits: { sessionMinutes: number | null }, actor: CommandActor) => {
      const minutes = limits.sessionMinutes;
      if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60)) {
        throw new InvalidInputError('session_minutes', 'must be a whole number from 1 to 1440, or null');
      }
      return apply(accountId, actor, {
        type: 'account.limits_changed',
        change: async () => {
          const { session_minutes: oldValue } = await deps.restrictions.limits(accountId);
          await deps.restrictions.requestLimit(
            accountId,
            { name: 'session_minutes', oldValue, newValue: minutes, effectiveAt: null },
            { actor: actor.id ?? actor.surface, surface: actor.surface, reason: actor.reason },
          );
        },
        detail: { session_minutes: minutes },
      });
    },

    /** Self-exclusion or time-out until `until` (null: permanent): everything ends now, sign-in is refused until then. */
    restrict: (
      accountId: string,
      restriction: { kind: RestrictionKind; period?: RestrictionPeriod | null; until: Date | null },
      actor: CommandActor,
    ) => {
      const { kind, until } = restriction;
      const period = restriction.period ?? null;
      if (until && !(until.getTime() > Date.now()) && kind !== 'register')
        throw new InvalidInputError('until', 'must be in the future');
      return apply(accountId, actor, {
        type: RESTRICTION_AUDIT[kind],
        // Recorded with its history and the session_version bump in one transaction (rg_restrictions).
        change: () =>
          deps.restrictions.restrict(
            accountId,
            { kind, period, endsAt: until },
            { actor: actor.id ?? actor.surface, surface: actor.surface, reason: actor.reason },
          ),
        ends: kind,
        detail: { kind, period, until: until?.toISOString() ?? null },
      });
    },

    /** A restriction whose date has passed is lifted (at the next sign-in); nothing to end. */
    liftExpiredRestriction: (accountId: string) =>
      apply(
        accountId,
        { surface: 'system' },
        {
          type: 'account.restriction_expired',
          change: () => deps.accounts.setStatus(accountId, 'active'),
        },
      ),
  };
}

export type AccountCommands = ReturnType<typeof createAccountCommands>;
