import type { AuditLog } from '../audit/audit-log.ts';
import { InvalidInputError } from '../errors.ts';
import type { EndCounts } from '../sessions/terminate.ts';
import { LIMIT_NAMES, type LimitName, planLimitChange } from './cooling-off.ts';
import { type RestrictionPeriod, restrictionEnd } from './periods.ts';
import type { RgMetrics } from './rg-metrics.ts';
import type { Actor, Limits, Restriction, RestrictionKind, RgStore } from './rg-store.ts';
import { RestrictedError } from './sign-in-refused.ts';

/** Largest limit a player may set, in minutes (24 h). */
export const MAX_LIMIT_MINUTES = 24 * 60;

export interface ResponsibleGamblingDeps {
  store: RgStore;
  audit: AuditLog;
  metrics: RgMetrics;
  /** RG_COOLING_OFF in seconds. */
  coolingOffSeconds: number;
  /**
   * The account command that records a restriction (with its history, bumping the session version) and ends
   * every session and grant through the terminator with the kind as reason (server/accounts/account-commands.ts).
   */
  restrictAccount(
    accountId: string,
    restriction: { kind: RestrictionKind; period: RestrictionPeriod | null; until: Date | null },
    by: Actor,
  ): Promise<{ ended: EndCounts }>;
  /** A limit in force changed (rewrite caches, re-plan reality checks and expiry warnings). */
  limitsChanged(accountId: string, limits: Limits): Promise<void>;
}

/** A requested limit value: a whole number of minutes, or null to remove it. */
function parseLimit(field: LimitName, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT_MINUTES) {
    throw new InvalidInputError(
      field,
      `must be a whole number of minutes from 1 to ${MAX_LIMIT_MINUTES}, or null`,
    );
  }
  return value;
}

/**
 * Responsible-gambling rules over the RG store: limits with cooling-off, restrictions that end everything and
 * cannot be lifted early, and the sign-in refusal that says until when.
 */
export function createResponsibleGambling(deps: ResponsibleGamblingDeps) {
  const { store, audit, metrics } = deps;

  async function changeLimits(accountId: string, input: Record<string, unknown>, by: Actor): Promise<Limits> {
    const requested = LIMIT_NAMES.filter((name) => name in input);
    if (requested.length === 0) {
      throw new InvalidInputError('session_minutes', 'give session_minutes and/or reality_check_minutes');
    }
    const values = requested.map((name) => [name, parseLimit(name, input[name])] as const);
    const current = await store.limits(accountId);
    let changedNow = false;
    for (const [name, value] of values) {
      const plan = planLimitChange(current[name], value, new Date(), deps.coolingOffSeconds);
      const hadPending = current.pending.some((p) => p.name === name);
      if (plan.kind === 'unchanged' && !hadPending) continue;
      const effectiveAt = plan.kind === 'pending' ? plan.effectiveAt : null;
      // "Unchanged" with a change pending withdraws it: recorded as a no-op change, so the history says so.
      const change = await store.requestLimit(
        accountId,
        { name, oldValue: current[name], newValue: value, effectiveAt },
        by,
      );
      changedNow ||= plan.kind === 'now';
      metrics.limitChanges.inc({ name, applies: plan.kind === 'pending' ? 'pending' : 'now' });
      await audit.record({
        type: plan.kind === 'pending' ? 'rg.limit_requested' : 'rg.limit_applied',
        outcome: 'success',
        accountId,
        detail: {
          name,
          from: current[name],
          to: value,
          ...(effectiveAt ? { effective_at: effectiveAt.toISOString() } : {}),
          change_id: change?.id,
          actor: by.actor,
          surface: by.surface,
          ...(by.reason ? { reason: by.reason } : {}),
        },
      });
    }
    const limits = await store.limits(accountId);
    if (changedNow) await deps.limitsChanged(accountId, limits);
    return limits;
  }

  /** Applies the changes whose cooling-off has passed; audits each as it applies. */
  async function applyDue(accountId?: string): Promise<number> {
    const applied = await store.applyDue(accountId);
    const accounts = new Set<string>();
    for (const change of applied) {
      accounts.add(change.accountId);
      metrics.limitChanges.inc({ name: change.name, applies: 'after_cooling_off' });
      await audit.record({
        type: 'rg.limit_applied',
        outcome: 'success',
        accountId: change.accountId,
        detail: {
          name: change.name,
          from: change.oldValue,
          to: change.newValue,
          requested_at: change.requestedAt.toISOString(),
          change_id: change.id,
          actor: change.actor,
          surface: change.surface,
        },
      });
    }
    for (const id of accounts) await deps.limitsChanged(id, await store.limits(id));
    return applied.length;
  }

  async function restrict(
    accountId: string,
    kind: RestrictionKind,
    period: RestrictionPeriod | null,
    by: Actor,
    /** An explicit end instead of a period (`pitboss user exclude --until`). */
    until?: Date,
  ): Promise<{ restriction: Pick<Restriction, 'kind' | 'period' | 'endsAt'>; ended: EndCounts }> {
    // A register match is recorded as it happens; the register itself decides the next sign-in (asked every time).
    const endsAt =
      kind === 'register' ? new Date() : (until ?? (period ? restrictionEnd(period, new Date()) : null));
    // The command audits it (account.timeout, account.self_excluded, account.panic, account.register_match).
    const { ended } = await deps.restrictAccount(accountId, { kind, period, until: endsAt }, by);
    metrics.restrictions.inc({ kind, surface: by.surface });
    return { restriction: { kind, period, endsAt }, ended };
  }

  return {
    changeLimits,
    applyDue,
    restrict,
    /** The limits in force, applying any change whose time has come first. */
    async limits(accountId: string): Promise<Limits> {
      await applyDue(accountId);
      return store.limits(accountId);
    },
    activeRestriction: (accountId: string) => store.activeRestriction(accountId),
    /** Throws RestrictedError (for the login page and the token endpoint) while a restriction is in force. */
    async refuseIfRestricted(accountId: string): Promise<void> {
      const active = await store.activeRestriction(accountId);
      if (active && active.kind !== 'register') throw new RestrictedError(active.kind, active.endsAt);
    },
  };
}

export type ResponsibleGambling = ReturnType<typeof createResponsibleGambling>;
