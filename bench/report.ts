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
    /** Absent when a partial run (`--only`) skipped the footprint. */
    redisBytesPerLogin?: RedisFootprint | undefined;
  };
  targets: { target: string; value: number; met: boolean }[];
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
  const targets: BenchResults['targets'] = [];
  for (const s of TOKEN_SCENARIOS) {
    if (redisVsBaseline[s] === undefined) continue;
    targets.push({
      target: `${s}: redis/baseline (the bare quick-start) >= 0.8`,
      value: redisVsBaseline[s],
      met: redisVsBaseline[s] >= 0.8,
    });
    const half = halfPeak.find((r) => r.scenario === `${s}@half`);
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
    ratios: { redisVsMemory, redisVsBaseline, loginVsArgon2, redisBytesPerLogin: footprint },
    targets,
  };
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
    const name = r.rate ? `${r.scenario} (${r.rate}/s held)` : r.scenario;
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
    `login / argon2id verify rate: ${results.ratios.loginVsArgon2}`,
    f
      ? `Redis per live login (${f.logins} logins, ${f.keysPerLogin} keys each): ${f.keyBytesPerLogin} B by MEMORY USAGE, ${f.usedMemoryBytesPerLogin} B by INFO used_memory delta`
      : 'Redis per live login: not measured in this run',
    '',
    ...results.targets.map((t) => `${t.met ? 'met   ' : 'MISSED'} ${t.target} (${t.value})`),
  ].join('\n');
}
