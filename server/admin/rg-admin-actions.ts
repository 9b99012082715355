import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { NotFoundError } from '../errors.ts';
import type { RestrictionPeriod } from '../rg/periods.ts';
import type { ResponsibleGambling } from '../rg/responsible-gambling.ts';
import type { AdminActions } from './actions.ts';
import type { AdminActor } from './ports.ts';
import { recordAdminAction } from './record-action.ts';

export interface RgAdminDeps {
  accounts: Pick<AccountStore, 'findById'>;
  /** Records the restriction through the account command (history, version bump, endings, audit). */
  restrict: ResponsibleGambling['restrict'];
  /** The account's responsible-gambling state (server/rg/admin-rg-routes.ts rgSummary). */
  summary: (accountId: string) => Promise<unknown>;
  /** Reports what an ending ended, with each RP's back-channel delivery. */
  reportEnding: AdminActions['reportEnding'];
  auditLog: AuditLog;
}

/** Time-out and self-exclusion set by an admin (never lifted early), and the state an operator reads. */
export function createRgAdminActions(deps: RgAdminDeps) {
  const known = async (id: string) => {
    if (!(await deps.accounts.findById(id))) throw new NotFoundError('account');
  };
  const restrict = async (
    actor: AdminActor,
    accountId: string,
    kind: 'timeout' | 'self_exclusion',
    period: RestrictionPeriod,
  ) => {
    await known(accountId);
    let endsAt: Date | null = null;
    const by = { actor: actor.id, surface: actor.surface ?? 'admin_api', reason: actor.reason };
    const ended = await deps.reportEnding(accountId, async () => {
      const done = await deps.restrict(accountId, kind, period, by);
      endsAt = done.restriction.endsAt;
      return done.ended;
    });
    const until = endsAt === null ? null : Math.floor((endsAt as Date).getTime() / 1000);
    await recordAdminAction(deps.auditLog, actor, `account.${kind}`, accountId, { accountId }, { period });
    return { restriction: { kind, period, until }, ended };
  };
  return {
    timeout: (actor: AdminActor, id: string, period: RestrictionPeriod) =>
      restrict(actor, id, 'timeout', period),
    selfExclude: (actor: AdminActor, id: string, period: RestrictionPeriod) =>
      restrict(actor, id, 'self_exclusion', period),
    async summary(id: string) {
      await known(id);
      return deps.summary(id);
    },
  };
}

export type RgAdminActions = ReturnType<typeof createRgAdminActions>;
