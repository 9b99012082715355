import type { AuditLog } from '../audit/audit-log.ts';
import type { ClientStore } from '../clients/client-store.ts';
import {
  type BackchannelUriPolicy,
  backchannelUriProblem,
  STRICT_BACKCHANNEL_POLICY,
} from './backchannel-uri-policy.ts';
import { type createGuardedFetch, refusedTarget } from './guarded-fetch.ts';
import type { LogoutTokenSigner } from './logout-token.ts';
import type { LogoutMetrics } from './metrics.ts';
import type { AttemptResult, Delivery } from './outbox.ts';

/** Exponential backoff with jitter, bounded by a cap. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export interface DeliverDeps {
  clients: Pick<ClientStore, 'findMetadata'>;
  signer: LogoutTokenSigner;
  audit: AuditLog;
  metrics?: LogoutMetrics | undefined;
  timeoutMs: number;
  backoff: Backoff;
  onAuditError?: (err: unknown) => void;
  /** Where URIs may point; unset means the strict (production) rules. */
  uriPolicy?: BackchannelUriPolicy | undefined;
  /** The POST, through a dispatcher that checks and pins each connection's address (guarded-fetch.ts). */
  post: ReturnType<typeof createGuardedFetch>['fetch'];
}

/** Waits before attempt n+1: base * 2^(n-1), capped, "equal jitter" (half fixed, half random). */
export function backoffMs(attempts: number, backoff: Backoff): number {
  const exp = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Makes one delivery attempt (sign, POST, classify) and audits it; never throws. */
export async function attemptDelivery(delivery: Delivery, deps: DeliverDeps): Promise<AttemptResult> {
  const started = performance.now();
  let status: number | null = null;
  let error: string | undefined;
  try {
    const metadata = await deps.clients.findMetadata(delivery.clientId);
    const uri = metadata?.backchannel_logout_uri;
    if (typeof uri !== 'string') {
      // The client was deleted or dropped its URI: nobody to tell, so retrying cannot help.
      return await finish(delivery, deps, started, {
        outcome: 'failed',
        status,
        error: 'no backchannel_logout_uri',
      });
    }
    // Scheme and IP literals re-checked on every attempt; names are checked by the connection's own lookup.
    const problem = backchannelUriProblem(uri, deps.uriPolicy ?? STRICT_BACKCHANNEL_POLICY);
    if (problem) {
      const error = `backchannel_logout_uri ${problem}`;
      return await finish(delivery, deps, started, { outcome: 'failed', status, error });
    }
    const token = await deps.signer.sign({
      clientId: delivery.clientId,
      sub: delivery.accountId,
      sid: delivery.sid,
      jti: delivery.jti,
    });
    deps.metrics?.sent.inc();
    const response = await deps.post(uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }),
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    status = response.status;
    // Release the socket; the RP's body means nothing to us.
    await response.body?.cancel().catch(() => undefined);
    if (status >= 200 && status < 300)
      return await finish(delivery, deps, started, { outcome: 'delivered', status });
    error = `HTTP ${status}`;
  } catch (err) {
    // A name that resolved to a non-global address: retrying cannot make it a legitimate target.
    const refused = refusedTarget(err);
    if (refused)
      return finish(delivery, deps, started, { outcome: 'failed', status, error: refused.message });
    error = describe(err);
  }
  if (Date.now() >= delivery.deadlineAt.getTime()) {
    return finish(delivery, deps, started, { outcome: 'failed', status, error: error ?? 'unknown' });
  }
  // The last retry lands on the deadline rather than past it.
  const wait = Math.min(
    backoffMs(delivery.attempts, deps.backoff),
    delivery.deadlineAt.getTime() - Date.now(),
  );
  return finish(delivery, deps, started, {
    outcome: 'retry',
    status,
    error: error ?? 'unknown',
    retryInMs: Math.max(0, wait),
  });
}

async function finish(
  delivery: Delivery,
  deps: DeliverDeps,
  started: number,
  result: AttemptResult,
): Promise<AttemptResult> {
  const latencyMs = Math.round(performance.now() - started);
  if (result.outcome === 'delivered') deps.metrics?.delivered.inc();
  else if (result.outcome === 'retry') deps.metrics?.retried.inc();
  else deps.metrics?.failed.inc();
  await deps.audit
    .record({
      type: 'backchannel.delivery',
      outcome: result.outcome === 'delivered' ? 'success' : 'failure',
      accountId: delivery.accountId,
      clientId: delivery.clientId,
      sessionId: delivery.sessionId,
      // The jti identifies the delivery (RPs log it too); the token itself is never recorded.
      detail: {
        deliveryId: delivery.id,
        jti: delivery.jti,
        attempt: delivery.attempts,
        result: result.outcome,
        status: result.status,
        latencyMs,
        reason: delivery.reason,
        ...(result.outcome !== 'delivered' ? { error: result.error } : {}),
      },
    })
    .catch((err) => deps.onAuditError?.(err));
  return result;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timeout';
    const cause = (err as { cause?: { code?: string } }).cause;
    return cause?.code ? `${err.message} (${cause.code})` : err.message;
  }
  return String(err);
}
