import { randomUUID } from 'node:crypto';
import type { ClientStore } from '../clients/client-store.ts';
import type { SessionEnded, SessionEndedListener } from '../sessions/session-events.ts';
import type { LogoutOutbox, NewDelivery } from './outbox.ts';

export interface BackchannelListenerDeps {
  outbox: Pick<LogoutOutbox, 'enqueue'>;
  clients: Pick<ClientStore, 'findMetadata'>;
  /** Seconds a delivery keeps being retried (BACKCHANNEL_DEADLINE). */
  deadlineSeconds: number;
  /** Called after the rows are written, to start sending at once. */
  wake?: (() => void) | undefined;
}

/**
 * Turns an ended session into one outbox row per participant whose client registered a
 * backchannel_logout_uri. Resolves only after the rows are committed, so whoever acknowledges the ending after
 * awaiting this has made the logout durable; sending happens in the dispatcher, never on the caller's time.
 */
export function createBackchannelLogoutListener(deps: BackchannelListenerDeps): SessionEndedListener {
  return async (event: SessionEnded) => {
    const deliveries = await toDeliveries(event, deps);
    if (deliveries.length === 0) return;
    await deps.outbox.enqueue(deliveries);
    deps.wake?.();
  };
}

async function toDeliveries(event: SessionEnded, deps: BackchannelListenerDeps): Promise<NewDelivery[]> {
  const seen = new Set<string>();
  const unique = event.participants.filter((p) => {
    const key = `${p.clientId}\u0000${p.sid ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const deadlineAt = new Date(Date.now() + deps.deadlineSeconds * 1000);
  const withUri = await Promise.all(
    unique.map(async (p) => {
      const metadata = await deps.clients.findMetadata(p.clientId);
      return typeof metadata?.backchannel_logout_uri === 'string' ? p : undefined;
    }),
  );
  return withUri
    .filter((p) => p !== undefined)
    .map((p) => ({
      clientId: p.clientId,
      accountId: event.accountId,
      sid: p.sid,
      // Shown to operators and audited with each attempt: the uid, never the cookie value.
      sessionId: event.sessionUid,
      reason: event.reason,
      jti: randomUUID(),
      deadlineAt,
    }));
}
