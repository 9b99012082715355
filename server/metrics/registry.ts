import { collectDefaultMetrics, Registry } from 'prom-client';

/** A fresh registry with Node's default process metrics; one per Pitboss instance (no global registry). */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
