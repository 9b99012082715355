import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import { adminApiErrors } from '../admin/api-errors.ts';
import type { AdminActor } from '../admin/ports.ts';
import { type RequireAdminDeps, requireAdmin } from '../admin/require-admin.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.ts';
import { EXCLUSION_PERIODS, isPeriod, TIMEOUT_PERIODS } from './periods.ts';
import type { ResponsibleGambling } from './responsible-gambling.ts';
import type { RgStore } from './rg-store.ts';

const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: '16kb', encoding: 'utf-8' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);

/** An account's responsible-gambling state for the admin API and console: in force, pending, and the history. */
export async function rgSummary(rg: ResponsibleGambling, store: RgStore, accountId: string) {
  const [limits, restriction, restrictions, changes, previous] = await Promise.all([
    rg.limits(accountId),
    rg.activeRestriction(accountId),
    store.restrictions(accountId),
    store.limitHistory(accountId),
    store.previousLogin(accountId),
  ]);
  return {
    limits: {
      session_minutes: limits.session_minutes,
      reality_check_minutes: limits.reality_check_minutes,
      pending: limits.pending.map((p) => ({
        name: p.name,
        value: p.value,
        effective_at: seconds(p.effectiveAt),
      })),
    },
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

/**
 * `POST /admin/api/users/:id/timeout` and `/self-exclusion` `{ "period", "reason" }`: an admin sets a restriction
 * for the player (surface admin_api; the reason is required). Kept apart from the admin route table so the admin
 * API's owner and responsible gambling can change independently; same authentication and error boundary.
 */
export function adminRgRoutes(
  deps: RequireAdminDeps & { rg: ResponsibleGambling; store: RgStore; log: Logger },
) {
  const router = new Router({ prefix: '/admin/api' });
  router.use(['/users/:id/timeout', '/users/:id/self-exclusion', '/users/:id/rg'], adminApiErrors(deps.log));

  function validateRestriction(periods: readonly string[]) {
    return async function validateRestriction(ctx: Context, next: () => Promise<unknown>) {
      if (!UUID.test(ctx.params.id ?? '')) throw new NotFoundError('account');
      const body = ((ctx.request as { body?: unknown }).body ?? {}) as Record<string, unknown>;
      if (!isPeriod(periods, body.period))
        throw new InvalidInputError('period', `must be one of ${periods.join(', ')}`);
      const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
      if (!reason || reason.length > 500)
        throw new InvalidInputError('reason', 'required (1 to 500 characters)');
      ctx.state.input = { period: body.period, reason };
      await next();
    };
  }
  function restrict(kind: 'timeout' | 'self_exclusion') {
    return async function restrict(ctx: Context) {
      const admin = ctx.state.admin as AdminActor;
      const { period, reason } = ctx.state.input as { period: never; reason: string };
      const { restriction, ended } = await deps.rg.restrict(ctx.params.id!, kind, period, {
        actor: admin.id,
        surface: 'admin_api',
        reason,
      });
      ctx.body = { restriction: { kind, period, until: seconds(restriction.endsAt) }, ended };
    };
  }
  /** Setting a restriction is an admin's (support reads players and ends sessions: 403 here, as elsewhere). */
  async function adminOnly(ctx: Context, next: () => Promise<unknown>) {
    const { role } = ctx.state.admin as AdminActor;
    if (role !== 'admin')
      throw new ForbiddenError(`the ${role} role may not set a restriction; an admin may`);
    await next();
  }
  async function showRg(ctx: Context) {
    if (!UUID.test(ctx.params.id ?? '')) throw new NotFoundError('account');
    ctx.body = await rgSummary(deps.rg, deps.store, ctx.params.id!);
  }

  const authenticate = requireAdmin(deps);
  router.post(
    'rg.admin_timeout',
    '/users/:id/timeout',
    authenticate,
    adminOnly,
    parseJson,
    validateRestriction(TIMEOUT_PERIODS),
    restrict('timeout'),
  );
  router.post(
    'rg.admin_self_exclusion',
    '/users/:id/self-exclusion',
    authenticate,
    adminOnly,
    parseJson,
    validateRestriction(EXCLUSION_PERIODS),
    restrict('self_exclusion'),
  );
  router.get('rg.admin_show', '/users/:id/rg', authenticate, showRg);
  return router;
}
