import type { ResponsibleGambling } from './responsible-gambling.ts';
import { limitsJson, epochSeconds as seconds } from './rg-json.ts';
import type { RgStore } from './rg-store.ts';

/**
 * An account's responsible-gambling state for the admin API (`GET /admin/api/users/:id/rg`, in the route table
 * with the admin's time-out and self-exclusion) and the console: in force, pending, and the history.
 */
export async function rgSummary(rg: ResponsibleGambling, store: RgStore, accountId: string) {
  const [limits, restriction, restrictions, changes, previous] = await Promise.all([
    rg.limits(accountId),
    rg.activeRestriction(accountId),
    store.restrictions(accountId),
    store.limitHistory(accountId),
    store.previousLogin(accountId),
  ]);
  return {
    limits: limitsJson(limits, seconds),
    restriction: restriction
      ? { kind: restriction.kind, since: seconds(restriction.startsAt), until: seconds(restriction.endsAt) }
      : null,
    previous_login_at: seconds(previous),
    history: {
      restrictions: restrictions.map((r) => ({
        kind: r.kind,
        period: r.period,
        starts_at: seconds(r.startsAt),
        ends_at: seconds(r.endsAt),
        actor: r.actor,
        surface: r.surface,
        reason: r.reason,
      })),
      limit_changes: changes.map((c) => ({
        name: c.name,
        from: c.oldValue,
        to: c.newValue,
        requested_at: seconds(c.requestedAt),
        effective_at: seconds(c.effectiveAt),
        applied_at: seconds(c.appliedAt),
        cancelled_at: seconds(c.cancelledAt),
        actor: c.actor,
        surface: c.surface,
        reason: c.reason,
      })),
    },
  };
}
