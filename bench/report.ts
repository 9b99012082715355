import os from 'node:os';
import { round } from './measure.ts';
import type { RedisFootprint } from './redis-memory.ts';
import { type ScenarioResult, TOKEN_SCENARIOS } from './scenarios.ts';

/** A scenario the run could not measure yet, and why. */
export interface NotMeasured {
  scenario: string;
  reason: string;
}

export interface BenchResults {
  date: string;
  mode: 'quick' | 'full';
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    platform: string;
    /** 1/5/15-minute load average when the run ended: other work on the machine skews every number. */
    loadAverage: number[];
  };
  setup: Record<string, unknown>;
  scenarios: ScenarioResult[];
  halfPeak: ScenarioResult[];
  notMeasured: NotMeasured[];
  ratios: {
    redisVsMemory: Record<string, number>;
    redisVsBaseline: Record<string, number>;
    loginVsArgon2: number;
    /** The quick-start's sign-in plus one argon2id verify, against the same verify rate (absent if not run). */
    baselineLoginVsArgon2?: number;
    /**
     * Per token scenario, the best redis/baseline ratio reachable with its Redis round trips, if each cost
     * what one `redis_get` costs the load generator and nothing else were added (a model; absent if not run).
     */
    redisRoundTripFloor?: Record<string, RoundTripFloor>;
    /** Absent when a partial run (`--only`) skipped the footprint. */
    redisBytesPerLogin?: RedisFootprint | undefined;
  };
  targets: { target: string; value: number; met: boolean }[];
}

/** What a token scenario's Redis round trips alone cost, and the ratio to the quick-start they leave. */
export interface RoundTripFloor {
  redisPerRequest: number;
  /** Redis commands per request x the load generator's CPU per GET, 8 loops at once (ms). */
  redisCpuMs: number;
  /** The same at the CPU per GET of one loop alone (every GET its own write and read: the upper bound). */
  redisCpuMsAlone?: number;
  /** The quick-start's server CPU per request (ms). */
  baselineCpuMs: number;
  /** baselineCpuMs / (baselineCpuMs + redisCpuMs). */
  best: number;
  /** baselineCpuMs / (baselineCpuMs + redisCpuMsAlone). */
  bestAlone?: number;
}

/** The machine the numbers came from. */
export function machine(): BenchResults['machine'] {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map(round),
  };
}

/** Throughput ratios and the targets, from one run's results. */
export function summarize(
  scenarios: ScenarioResult[],
  halfPeak: ScenarioResult[],
  footprint: RedisFootprint | undefined,
): Pick<BenchResults, 'ratios' | 'targets'> {
  const rps = (scenario: string, store: string) =>
    scenarios.find((r) => r.scenario === scenario && r.store === store)?.rps;
  const ratio = (against: string) =>
    Object.fromEntries(
      [...new Set(scenarios.map((r) => r.scenario))].flatMap((s) => {
        const ours = rps(s, 'redis');
        const theirs = rps(s, against);
        return ours !== undefined && theirs ? [[s, round(ours / theirs)]] : [];
      }),
    );
  const redisVsMemory = ratio('memory');
  const redisVsBaseline = ratio('baseline');
  const loginVsArgon2 = round((rps('login_password', 'redis') ?? 0) / (rps('argon2id_verify', 'none') || 1));
  const baselineLogin = rps('login_password', 'baseline');
  const baselineLoginVsArgon2 =
    baselineLogin === undefined ? undefined : round(baselineLogin / (rps('argon2id_verify', 'none') || 1));
  const redisRoundTripFloor = roundTripFloors(scenarios);
  const targets: BenchResults['targets'] = [];
  for (const s of TOKEN_SCENARIOS) {
    if (redisVsBaseline[s] === undefined) continue;
    targets.push({
      target: `${s}: redis/baseline (the bare quick-start) >= 0.8`,
      value: redisVsBaseline[s],
      met: redisVsBaseline[s] >= 0.8,
    });
    const half = halfPeak.find((r) => r.scenario === `${s}@half` && r.store === 'redis');
    if (half)
      targets.push({ target: `${s}: p99 <= 10 ms at half peak`, value: half.p99, met: half.p99 <= 10 });
  }
  const endAll = scenarios.find((r) => r.scenario === 'end_all_sessions_10_rps' && r.store === 'redis');
  if (endAll) {
    targets.push({
      target: 'end all sessions, 10 RPs: slowest round (p99) < 1000 ms',
      value: endAll.p99,
      met: endAll.p99 < 1000 && endAll.errors === 0,
    });
  }
  if (footprint) {
    targets.push({
      target: 'Redis bytes per live login <= 2048',
      value: footprint.keyBytesPerLogin,
      met: footprint.keyBytesPerLogin <= 2048,
    });
  }
  if (rps('login_password', 'redis') !== undefined && rps('argon2id_verify', 'none') !== undefined) {
    targets.push({
      target: 'password login rate / argon2id verify rate >= 0.9',
      value: loginVsArgon2,
      met: loginVsArgon2 >= 0.9,
    });
  }
  return {
    ratios: {
      redisVsMemory,
      redisVsBaseline,
      loginVsArgon2,
      ...(baselineLoginVsArgon2 === undefined ? {} : { baselineLoginVsArgon2 }),
      ...(redisRoundTripFloor ? { redisRoundTripFloor } : {}),
      redisBytesPerLogin: footprint,
    },
    targets,
  };
}

/**
 * The Redis round-trip floor of each token scenario: the quick-start's CPU per request against the same
 * plus the Redis store's commands per request, each at the CPU one GET costs a Node client (`redis_get`).
 */
function roundTripFloors(scenarios: ScenarioResult[]): Record<string, RoundTripFloor> | undefined {
  const row = (scenario: string, store: string) =>
    scenarios.find((r) => r.scenario === scenario && r.store === store);
  const perGet = row('redis_get', 'none')?.serverCpuMsPerRequest;
  const perGetAlone = row('redis_get_alone', 'none')?.serverCpuMsPerRequest;
  if (!perGet) return undefined;
  const floors: Record<string, RoundTripFloor> = {};
  for (const s of TOKEN_SCENARIOS) {
    const redisPerRequest = row(s, 'redis')?.redisPerRequest;
    const baselineCpuMs = row(s, 'baseline')?.serverCpuMsPerRequest;
    if (redisPerRequest === undefined || !baselineCpuMs) continue;
    const cost = (msPerGet: number) => Math.round(1000 * redisPerRequest * msPerGet) / 1000;
    const best = (redisCpuMs: number) => round(baselineCpuMs / (baselineCpuMs + redisCpuMs));
    const redisCpuMs = cost(perGet);
    const alone = perGetAlone ? cost(perGetAlone) : undefined;
    floors[s] = {
      redisPerRequest,
      redisCpuMs,
      baselineCpuMs,
      best: best(redisCpuMs),
      ...(alone === undefined ? {} : { redisCpuMsAlone: alone, bestAlone: best(alone) }),
    };
  }
  return floors;
}

/** The human-readable table (also what the README carries). */
export function formatTable(results: BenchResults): string {
  const { redisVsMemory, redisVsBaseline } = results.ratios;
  const rows = [...results.scenarios, ...results.halfPeak].map((r) => {
    const ratios =
      r.store === 'redis' && redisVsMemory[r.scenario] !== undefined
        ? `${redisVsMemory[r.scenario]}x mem` +
          (redisVsBaseline[r.scenario] !== undefined ? `, ${redisVsBaseline[r.scenario]}x base` : '')
        : '';
    // A rate the server (or the load generator) could not keep is said so: its latencies are a backlog's.
    const name = !r.rate
      ? r.scenario
      : r.rps >= 0.95 * r.rate
        ? `${r.scenario} (${r.rate}/s held)`
        : `${r.scenario} (${r.rate}/s asked, not held)`;
    const trip = (n: number | undefined) => (n === undefined ? '-' : String(n));
    return `| ${name} | ${r.store} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${trip(r.serverCpuMsPerRequest)} | ${trip(r.redisPerRequest)} | ${trip(r.postgresPerRequest)} | ${trip(r.httpPerRequest)} | ${ratios} |`;
  });
  const f = results.ratios.redisBytesPerLogin;
  return [
    '| scenario | store | req/s | p50 ms | p99 ms | errors | server CPU ms/req | Redis cmds/req | Postgres stmts/req | HTTP reqs/req | ratio (redis vs) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    ...results.notMeasured.map(
      (n) => `| ${n.scenario} | - | - | - | - | - | - | - | - | - | not measured: ${n.reason} |`,
    ),
    '',
    'Round trips are counted by each Pitboss server (its /metrics) over the measured run, divided by the',
    'requests (for sign-ins: by complete sign-ins, each several HTTP requests); background work included.',
    "Server CPU is the server process's user + system time over the run (/proc), divided the same way.",
    `login / argon2id verify rate: ${results.ratios.loginVsArgon2}` +
      (results.ratios.baselineLoginVsArgon2 === undefined
        ? ''
        : ` (quick-start + argon2id: ${results.ratios.baselineLoginVsArgon2})`),
    ...Object.entries(results.ratios.redisRoundTripFloor ?? {}).map(
      ([s, floor]) =>
        `${s}: ${floor.redisPerRequest} Redis round trips cost ${floor.redisCpuMs} ms of CPU` +
        (floor.redisCpuMsAlone === undefined ? '' : ` (${floor.redisCpuMsAlone} one at a time)`) +
        ` beside the quick-start's ${floor.baselineCpuMs} ms/req; best reachable ${floor.best}x` +
        (floor.bestAlone === undefined ? '' : ` (${floor.bestAlone}x)`),
    ),
    f
      ? `Redis per live login (${f.logins} logins, ${f.keysPerLogin} keys each): ${f.keyBytesPerLogin} B by MEMORY USAGE, ${f.usedMemoryBytesPerLogin} B by INFO used_memory delta`
      : 'Redis per live login: not measured in this run',
    '',
    ...results.targets.map((t) => `${t.met ? 'met   ' : 'MISSED'} ${t.target} (${t.value})`),
  ].join('\n');
}
