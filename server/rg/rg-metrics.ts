import { Counter, Gauge, type Registry } from 'prom-client';

/** Responsible-gambling and live-event metrics, registered on the instance's registry. Names are stable. */
export function createRgMetrics(registry: Registry) {
  const registers = [registry];
  return {
    restrictions: new Counter({
      name: 'pitboss_rg_restrictions_total',
      help: 'Restrictions set, by kind (timeout, self_exclusion, panic, register) and surface',
      labelNames: ['kind', 'surface'],
      registers,
    }),
    limitChanges: new Counter({
      name: 'pitboss_rg_limit_changes_total',
      help: 'Limit changes by limit and when they apply (now, pending, applied after cooling-off)',
      labelNames: ['name', 'applies'],
      registers,
    }),
    realityChecks: new Counter({
      name: 'pitboss_rg_reality_checks_total',
      help: 'Reality checks by event (due, acknowledged)',
      labelNames: ['event'],
      registers,
    }),
    registerAnswers: new Counter({
      name: 'pitboss_rg_register_answers_total',
      help: 'Exclusion register answers (excluded, not_excluded) and failures (error), by trigger',
      labelNames: ['answer', 'trigger'],
      registers,
    }),
    liveConnections: new Gauge({
      name: 'pitboss_live_event_connections',
      help: 'Open GET /session/events streams on this instance',
      registers,
    }),
    liveEvents: new Counter({
      name: 'pitboss_live_events_total',
      help: 'Live events sent to apps, by type',
      labelNames: ['type'],
      registers,
    }),
  };
}

export type RgMetrics = ReturnType<typeof createRgMetrics>;
