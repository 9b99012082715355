import { Counter, Gauge, type Registry } from 'prom-client';
import type { OutboxStats } from './outbox.ts';

/** Counters the dispatcher bumps. */
export interface LogoutMetrics {
  /** Logout tokens POSTed (every attempt that reached the network). */
  sent: Counter;
  delivered: Counter;
  /** Attempts that failed and were rescheduled. */
  retried: Counter;
  /** Deliveries given up (deadline passed or the client has no back-channel URI). */
  failed: Counter;
}

// Both gauges come from one query; a scrape reads them together, so share the answer for a moment.
const STATS_REUSE_MS = 1000;

/** Registers the back-channel logout metrics on `registry`; queue gauges are read from the outbox on scrape. */
export function registerLogoutMetrics(registry: Registry, stats: () => Promise<OutboxStats>): LogoutMetrics {
  let last: { at: number; value: Promise<OutboxStats> } | undefined;
  const read = () => {
    if (!last || Date.now() - last.at > STATS_REUSE_MS) last = { at: Date.now(), value: stats() };
    return last.value;
  };
  new Gauge({
    name: 'pitboss_backchannel_queue_depth',
    help: 'Back-channel logout deliveries pending in the outbox',
    registers: [registry],
    async collect() {
      this.set((await read()).pending);
    },
  });
  new Gauge({
    name: 'pitboss_backchannel_oldest_pending_age_seconds',
    help: 'Age of the oldest pending back-channel logout delivery',
    registers: [registry],
    async collect() {
      this.set((await read()).oldestPendingAgeSeconds);
    },
  });
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  return {
    sent: counter('pitboss_backchannel_sent_total', 'Back-channel logout tokens sent (attempts)'),
    delivered: counter(
      'pitboss_backchannel_delivered_total',
      'Back-channel logout deliveries acknowledged by RPs',
    ),
    retried: counter(
      'pitboss_backchannel_retried_total',
      'Back-channel logout attempts rescheduled after a failure',
    ),
    failed: counter('pitboss_backchannel_failed_total', 'Back-channel logout deliveries given up'),
  };
}
