import type { Cluster, Redis } from 'ioredis';
import type pg from 'pg';
import type { PitbossMetrics } from './pitboss-metrics.ts';

const INSTRUMENTED = Symbol.for('pitboss.metrics.instrumented');

interface Timed {
  [INSTRUMENTED]?: true;
}

interface RedisCommandLike {
  name: string;
  promise: Promise<unknown>;
}

/** The two label sets of one command name, built once: the histogram is observed with them as they are. */
interface CommandLabels {
  ok: { command: string; outcome: 'ok' };
  error: { command: string; outcome: 'error' };
}

/**
 * Times every Redis command from send to reply through the client's public `sendCommand` (pipelines and
 * MULTI go through it too). A command can pass through sendCommand twice (offline queue flush), so each
 * command object is timed once. One histogram per client: a client shared by two instances (tests) is
 * timed by the first. Per command only a start time and two callbacks: the label objects are made once per
 * command name (prom-client's startTimer would build a timer closure and merge two label objects each time).
 */
export function instrumentRedis(redis: Redis | Cluster, metrics: PitbossMetrics): void {
  const target = redis as unknown as Timed & {
    sendCommand: (c: RedisCommandLike, ...r: unknown[]) => unknown;
  };
  if (target[INSTRUMENTED]) return;
  target[INSTRUMENTED] = true;
  const seen = new WeakSet<object>();
  const labelsByName = new Map<string, CommandLabels>();
  const labelsOf = (name: string) => {
    let labels = labelsByName.get(name);
    if (!labels) {
      const command = String(name).toLowerCase();
      labels = { ok: { command, outcome: 'ok' }, error: { command, outcome: 'error' } };
      labelsByName.set(name, labels);
    }
    return labels;
  };
  const histogram = metrics.redisDuration;
  const send = target.sendCommand;
  target.sendCommand = function timedSendCommand(
    this: unknown,
    command: RedisCommandLike,
    ...rest: unknown[]
  ) {
    if (command && typeof command === 'object' && !seen.has(command)) {
      seen.add(command);
      const labels = labelsOf(command.name);
      const started = performance.now();
      command.promise?.then(
        () => histogram.observe(labels.ok, (performance.now() - started) / 1000),
        () => histogram.observe(labels.error, (performance.now() - started) / 1000),
      );
    }
    return send.call(this, command, ...rest);
  };
}

/**
 * Times `pool.query` (the path of every store call outside a transaction) on this pool, once, and counts
 * every statement any of its clients sends (transactions included), wrapping each client on first checkout.
 */
export function instrumentPool(pool: pg.Pool, metrics: PitbossMetrics): void {
  const target = pool as unknown as Timed & { query: (...args: unknown[]) => unknown };
  if (target[INSTRUMENTED]) return;
  target[INSTRUMENTED] = true;
  pool.on('acquire', (client) => {
    const counted = client as unknown as Timed & { query: (...args: unknown[]) => unknown };
    if (counted[INSTRUMENTED]) return;
    counted[INSTRUMENTED] = true;
    const clientQuery = counted.query;
    counted.query = function countedQuery(this: unknown, ...args: unknown[]) {
      metrics.postgresStatements.inc();
      return clientQuery.apply(this, args);
    };
  });
  const query = target.query;
  target.query = function timedQuery(this: unknown, ...args: unknown[]) {
    // Callback-style calls are passed through untimed; the stores only use promises.
    if (typeof args[args.length - 1] === 'function') return query.apply(this, args);
    const end = metrics.postgresDuration.startTimer();
    const result = query.apply(this, args) as Promise<unknown>;
    result.then(
      () => end({ outcome: 'ok' }),
      () => end({ outcome: 'error' }),
    );
    return result;
  };
}
