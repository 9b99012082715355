import type { Logger } from 'pino';
import { STRICT_BACKCHANNEL_POLICY } from './backchannel-uri-policy.ts';
import { attemptDelivery, type DeliverDeps } from './deliver.ts';
import { createGuardedFetch, type Resolve } from './guarded-fetch.ts';
import type { Delivery, LogoutOutbox } from './outbox.ts';

export interface DispatcherOptions
  extends Omit<DeliverDeps, 'timeoutMs' | 'backoff' | 'onAuditError' | 'post'> {
  /** How back-channel hosts are resolved (default: the system resolver); tests inject a rebinding one. */
  resolve?: Resolve | undefined;
  outbox: LogoutOutbox;
  log?: Pick<Logger, 'warn'> | undefined;
  /** Per-POST timeout (default 5 s). */
  timeoutMs?: number;
  backoff?: DeliverDeps['backoff'];
  /** Deliveries in flight at once per instance (default 32). */
  concurrency?: number;
  /** How often to look for work other instances enqueued or retries came due (default 1 s). */
  pollMs?: number;
  /**
   * How long a claimed row is hidden from other instances (default 10 s). A heartbeat renews it every third
   * of that while the attempt runs, so a slow RP keeps its row and a dead instance's rows resume within it.
   */
  leaseSeconds?: number;
}

export interface Dispatcher {
  start(): void;
  /** Stops claiming and waits for in-flight attempts to be settled. */
  stop(): Promise<void>;
  /** Look for work now (called right after enqueueing, so delivery starts within milliseconds). */
  wake(): void;
}

/**
 * The outbox worker that runs in every instance: claims due rows, sends them concurrently, settles each
 * result (delivered / retry with backoff / failed) and polls for work enqueued elsewhere.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const concurrency = options.concurrency ?? 32;
  const pollMs = options.pollMs ?? 1000;
  const leaseSeconds = options.leaseSeconds ?? 10;
  const guarded = createGuardedFetch(options.uriPolicy ?? STRICT_BACKCHANNEL_POLICY, options.resolve);
  const deps: DeliverDeps = {
    ...options,
    post: guarded.fetch,
    timeoutMs: options.timeoutMs ?? 5000,
    backoff: options.backoff ?? { baseMs: 1000, maxMs: 60 * 60 * 1000 },
    onAuditError: (err) => options.log?.warn({ err }, 'backchannel audit failed'),
  };
  const inFlight = new Set<Promise<void>>();
  const held = new Map<string, Delivery>();
  let heartbeat: NodeJS.Timeout | undefined;
  const renewLeases = () => {
    if (held.size === 0) return;
    options.outbox.renew([...held.values()], leaseSeconds).catch((err) => {
      options.log?.warn({ err }, 'backchannel lease renewal failed');
    });
  };
  let running = false;
  let pumping: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let nextDue = Number.POSITIVE_INFINITY;
  let saturated = false;

  let timerAt = Number.POSITIVE_INFINITY;

  // Keeps the earliest of the wake-ups asked for.
  const schedule = (ms: number) => {
    const at = Date.now() + ms;
    if (timer && at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      kick();
    }, ms);
    timer.unref();
  };

  const send = (delivery: Delivery) => {
    held.set(delivery.id, delivery);
    const task = (async () => {
      const result = await attemptDelivery(delivery, deps);
      if (result.outcome === 'retry') nextDue = Math.min(nextDue, Date.now() + result.retryInMs);
      // If settling fails (Postgres down) the lease runs out and the row is attempted again: same jti.
      await options.outbox.settle(delivery, result).catch((err) => {
        options.log?.warn({ err, deliveryId: delivery.id }, 'backchannel settle failed');
      });
    })().finally(() => {
      inFlight.delete(task);
      held.delete(delivery.id);
      // A freed slot matters only when the last claim stopped at the concurrency limit.
      if (saturated) kick();
      else if (running && !pumping) schedule(waitMs());
    });
    inFlight.add(task);
  };

  const pump = async () => {
    try {
      while (running && inFlight.size < concurrency) {
        const want = concurrency - inFlight.size;
        const batch = await options.outbox.claim(want, leaseSeconds);
        for (const delivery of batch) send(delivery);
        if (batch.length < want) break;
      }
    } catch (err) {
      options.log?.warn({ err }, 'backchannel claim failed');
    }
    saturated = inFlight.size >= concurrency;
  };

  // Sleep until the next poll or the earliest retry this instance scheduled, whichever comes first.
  const waitMs = () => {
    const wait = Math.max(0, Math.min(pollMs, nextDue - Date.now()));
    if (nextDue <= Date.now() + wait) nextDue = Number.POSITIVE_INFINITY;
    return wait;
  };

  function kick(): void {
    if (!running) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pump().finally(() => {
      pumping = undefined;
      if (!running) return;
      if (again) {
        again = false;
        kick();
        return;
      }
      schedule(waitMs());
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      heartbeat = setInterval(renewLeases, Math.max(250, (leaseSeconds * 1000) / 3));
      heartbeat.unref();
      kick();
    },
    async stop() {
      running = false;
      clearInterval(heartbeat);
      clearTimeout(timer);
      timer = undefined;
      await pumping;
      await Promise.all([...inFlight]);
    },
    wake: () => kick(),
  };
}
