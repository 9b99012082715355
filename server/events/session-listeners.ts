import type { AuditLog } from '../audit/audit-log.ts';
import type { PitbossMetrics } from '../metrics/pitboss-metrics.ts';
import type { SessionEnded, SessionEndedListener } from '../sessions/session-events.ts';
import type { SessionEventStream, SessionEventType } from './session-stream.ts';

/** A session logged in (new, or re-authenticated): what the stream, metrics and tracker need. */
export interface SessionCreated {
  accountId: string;
  /** The session's uid (its record id is the cookie value and is never published). */
  sessionUid: string;
  clientId?: string | undefined;
}

export type SessionCreatedListener = (event: SessionCreated) => Promise<void>;

/** Publishes `session.ended` with the reason and the clients that took part. */
export function publishSessionEnded(stream: SessionEventStream): SessionEndedListener {
  return async function publishSessionEnded(event: SessionEnded) {
    await stream.publish('session.ended', {
      accountId: event.accountId,
      sessionId: event.sessionUid,
      sessionUid: event.sessionUid,
      clientIds: [...new Set(event.participants.map((p) => p.clientId))],
      reason: event.reason,
      actor: event.actor,
    });
  };
}

/** Counts ended sessions by reason (the sessions terminator calls every SessionEndedListener). */
export function countSessionEnded(metrics: PitbossMetrics): SessionEndedListener {
  return async function countSessionEnded(event: SessionEnded) {
    metrics.sessionsEnded.inc({ reason: event.reason });
  };
}

/** Runs every listener; one failing does not stop the others, and the first failure is rethrown. */
export function fanOut<E>(...listeners: ((event: E) => Promise<void>)[]): (event: E) => Promise<void> {
  return async (event: E) => {
    const results = await Promise.allSettled(listeners.map((l) => l(event)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
}

// Audit types that other services must hear about, and the stream type they become.
const STREAMED: Readonly<Record<string, SessionEventType>> = {
  'account.disabled': 'account.disabled',
  'account.self_excluded': 'account.version_bumped',
  'account.password_changed': 'account.version_bumped',
  'account.version_bumped': 'account.version_bumped',
};

/**
 * Decorates the AuditLog so that recording an account change (disable, self-exclusion, password) also publishes it on
 * the event stream (one call site for both), and every event is counted in the metrics.
 */
export function observedAuditLog(
  inner: AuditLog,
  deps: { metrics: PitbossMetrics; stream: SessionEventStream; onStreamError: (err: unknown) => void },
): AuditLog {
  const { metrics } = deps;
  return {
    async record(event) {
      await inner.record(event);
      metrics.auditEvents.inc({
        type: String(event.type).slice(0, 40),
        outcome: String(event.outcome).slice(0, 20),
      });
      if (event.outcome === 'failure' && event.type === 'login') metrics.loginFailures.inc();
      if (event.outcome === 'failure' && event.type === 'mfa') metrics.mfaFailures.inc();
      if (event.type === 'login.lockout') metrics.lockouts.inc({ kind: 'login' });
      if (event.type === 'mfa.lockout') metrics.lockouts.inc({ kind: 'mfa' });
      const type = STREAMED[event.type];
      if (type && event.outcome === 'success' && event.accountId) {
        await deps.stream
          .publish(type, {
            accountId: event.accountId,
            clientId: event.clientId,
            sessionId: event.sessionId,
            grantId: event.grantId,
          })
          .catch(deps.onStreamError);
      }
    },
  };
}
