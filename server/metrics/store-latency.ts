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

/**
 * Times every Redis command from send to reply through the client's public `sendCommand` (pipelines and
 * MULTI go through it too). A command can pass through sendCommand twice (offline queue flush), so each
 * command object is timed once. One histogram per client: a client shared by two instances (tests) is
 * timed by the first.
 */
export function instrumentRedis(redis: Redis | Cluster, metrics: PitbossMetrics): void {
  const target = redis as unknown as Timed & {
    sendCommand: (c: RedisCommandLike, ...r: unknown[]) => unknown;
  };
  if (target[INSTRUMENTED]) return;
  target[INSTRUMENTED] = true;
  const seen = new WeakSet<object>();
  const send = target.sendCommand;
  target.sendCommand = function timedSendCommand(
    this: unknown,
    command: RedisCommandLike,
    ...rest: unknown[]
  ) {
    if (command && typeof command === 'object' && !seen.has(command)) {
      seen.add(command);
      const end = metrics.redisDuration.startTimer({ command: String(command.name).toLowerCase() });
      command.promise?.then(
        () => end({ outcome: 'ok' }),
        () => end({ outcome: 'error' }),
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
