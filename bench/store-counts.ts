import { readFileSync } from 'node:fs';
import { sample } from '../test/metrics/scrape.ts';

/** Totals a Pitboss server has counted so far (its /metrics): Redis commands, Postgres statements, HTTP requests. */
export interface StoreCounts {
  redis: number;
  postgres: number;
  /** Requests served, the /metrics scrapes not included. */
  http: number;
}

/** Round trips per measured request (or per sign-in), from the counts before and after a scenario. */
export interface RoundTrips {
  redisPerRequest: number;
  postgresPerRequest: number;
  /** HTTP requests the server answered per measured unit (a sign-in is several; a token request is 1). */
  httpPerRequest: number;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; undefined elsewhere). Per
 * request it is the cost the server pays whatever else loads the machine, so it compares runs taken at
 * different load averages, where req/s does not.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** The bearer the bench gives every Pitboss server as METRICS_TOKEN. */
export const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** Scrapes `${url}/metrics` and sums the counters the round-trip columns come from. */
export async function readCounts(url: string): Promise<StoreCounts> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`bench: ${url}/metrics answered ${res.status}`);
  const text = await res.text();
  const total = (name: string) => sample(text, name) || 0;
  return {
    // MULTI and EXEC only frame a transaction (sent in the same write as its commands): not counted.
    redis:
      total('pitboss_redis_command_duration_seconds_count') -
      (sample(text, 'pitboss_redis_command_duration_seconds_count', { command: 'multi' }) || 0) -
      (sample(text, 'pitboss_redis_command_duration_seconds_count', { command: 'exec' }) || 0),
    postgres: total('pitboss_postgres_statements_total'),
    http:
      total('pitboss_http_request_duration_seconds_count') -
      (sample(text, 'pitboss_http_request_duration_seconds_count', { route: '/metrics' }) || 0),
  };
}

/** Per-request round trips between two readings; background work (sweepers, audit writer) is included. */
export function roundTrips(before: StoreCounts, after: StoreCounts, requests: number): RoundTrips {
  const per = (n: number) => Math.round((100 * n) / Math.max(1, requests)) / 100;
  return {
    redisPerRequest: per(after.redis - before.redis),
    postgresPerRequest: per(after.postgres - before.postgres),
    httpPerRequest: per(after.http - before.http),
  };
}

/** CPU ms per request between two processCpuMs readings, or undefined when /proc was not readable. */
export function cpuPerRequest(
  before: number | undefined,
  after: number | undefined,
  requests: number,
): { serverCpuMsPerRequest?: number } {
  if (before === undefined || after === undefined) return {};
  return { serverCpuMsPerRequest: Math.round((1000 * (after - before)) / Math.max(1, requests)) / 1000 };
}
