import type { AuditLog } from '../audit/audit-log.ts';
import { AppError, NotFoundError } from '../errors.ts';
import type { Delivery, DeliveryStatus, LogoutOutbox } from '../logout/outbox.ts';
import { type AdminActor, type Page, windowOf } from './ports.ts';
import { recordAdminAction } from './record-action.ts';

export interface BackchannelAdminDeps {
  outbox: Pick<LogoutOutbox, 'list' | 'get' | 'retry'>;
  /** Nudges the dispatcher so a retried delivery goes out now rather than on its next poll. */
  wake: () => void;
  /** A retried delivery gets this many seconds from now before it is given up again. */
  deadlineSeconds: number;
  auditLog: AuditLog;
}

/** One outbox row as operators see it (dates as ISO strings). */
export function deliveryView(d: Delivery) {
  const iso = (v: Date | null) => (v ? v.toISOString() : null);
  return {
    id: d.id,
    clientId: d.clientId,
    accountId: d.accountId,
    sid: d.sid ?? null,
    sessionId: d.sessionId ?? null,
    reason: d.reason,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    deadlineAt: d.deadlineAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
  };
}

/** Admin operations on the durable back-channel logout outbox (issue 6): list by status, retry one. */
export function createBackchannelActions(deps: BackchannelAdminDeps) {
  return {
    async listDeliveries(query: Page & { status?: DeliveryStatus | undefined }) {
      const rows = await deps.outbox.list({ ...query, limit: query.limit + 1 });
      return windowOf(rows.map(deliveryView), query);
    },
    async getDelivery(id: string) {
      const found = await deps.outbox.get(id);
      if (!found) throw new NotFoundError('delivery');
      return deliveryView(found);
    },
    async retryDelivery(actor: AdminActor, id: string) {
      const found = await deps.outbox.get(id);
      if (!found) throw new NotFoundError('delivery');
      const delivered = () =>
        new AppError('this logout token was already delivered', { code: 'ERR_DELIVERED', status: 409 });
      if (found.status === 'delivered') throw delivered();
      const deadline = new Date(Date.now() + deps.deadlineSeconds * 1000);
      // False here means it was delivered between the read and the update.
      if (!(await deps.outbox.retry(id, deadline))) throw delivered();
      await recordAdminAction(
        deps.auditLog,
        actor,
        'backchannel.retry',
        id,
        { accountId: found.accountId, clientId: found.clientId },
        { previousStatus: found.status },
      );
      deps.wake();
      const after = await deps.outbox.get(id);
      return deliveryView(after ?? found);
    },
  };
}

export type BackchannelActions = ReturnType<typeof createBackchannelActions>;
