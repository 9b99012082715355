import type { LoadProcess } from './load-process.ts';
import type { LoadTask } from './load-tasks.ts';
import type { LoginTokens } from './login-flow.ts';
import type { Measurement } from './measure.ts';
import type { Seed } from './seed.ts';
import { cpuPerRequest, processCpuMs, type RoundTrips, readCounts, roundTrips } from './store-counts.ts';
import { cannonRequest, checkRequest, type StoreName, type Target } from './targets.ts';

export const CANNON_SCENARIOS = ['client_credentials', 'introspection', 'userinfo'] as const;
/** Token scenarios the throughput (against the quick-start) and p99-at-half-peak targets apply to. */
export const TOKEN_SCENARIOS = ['client_credentials', 'refresh_token', 'introspection', 'userinfo'] as const;
/** Every scenario name `--only` accepts (`half_peak` and `footprint` included). */
export const SCENARIO_NAMES = [
  ...CANNON_SCENARIOS,
  'refresh_token',
  'login_password',
  'login_password_totp',
  'end_all_sessions_10_rps',
  'argon2id_verify',
  'redis_get',
  'half_peak',
  'footprint',
] as const;

export interface ScenarioResult extends Measurement, Partial<RoundTrips> {
  /** The server process's CPU time per request (ms), whatever else loads the machine. */
  serverCpuMsPerRequest?: number;
  /**
   * The load generator's CPU time per request (ms), beside the server's: near 1,000 ms per second of run, the
   * load generator and not the server is what limits the rate (JSON and the progress line only).
   */
  loadCpuMsPerRequest?: number;
  scenario: string;
  store: StoreName | 'none';
  /** For paced runs: the overall request rate held. */
  rate?: number;
}

export interface PlanOptions {
  durationSec: number;
  loginDurationSec: number;
  connections: number;
  /** Concurrent refresh chains (each one login's refresh token). */
  chains: number;
  /** Also run token scenarios on the Redis store at half their peak rate (p99 target). */
  halfPeak: boolean;
  /** Unrecorded autocannon run before each measured one, so the JIT has settled (0: none). */
  warmupSec: number;
  /** Run only these scenarios (`--only`); all when unset. */
  only?: ReadonlySet<string> | undefined;
  /** Where `redis_get` times its GETs: the bench's Redis and a key under the run's prefix. */
  redisProbe?: { url: string; key: string };
}

/**
 * Runs every scenario against every target that supports it, scenario by scenario with the stores
 * interleaved, so drift in background load on the machine hits each store alike.
 */
export async function runScenarios(
  load: LoadProcess,
  targets: Target[],
  seed: Seed,
  options: PlanOptions,
  hooks: {
    progress: (line: string) => void;
    logins: (target: Target, count: number) => Promise<LoginTokens[]>;
    /** The end-all-sessions scenario, run from the orchestrator (it owns the studios' receivers). */
    endAllSessions: (target: Target) => Promise<Measurement>;
  },
): Promise<{ results: ScenarioResult[]; halfPeak: ScenarioResult[] }> {
  const results: ScenarioResult[] = [];
  const wanted = (scenario: string) => !options.only || options.only.has(scenario);
  const record = (
    scenario: string,
    store: ScenarioResult['store'],
    m: Measurement & Partial<RoundTrips> & { serverCpuMsPerRequest?: number; loadCpuMsPerRequest?: number },
    rate?: number,
  ) => {
    const result = { scenario, store, ...m, ...(rate ? { rate: Math.round(rate) } : {}) };
    const trips =
      m.redisPerRequest === undefined
        ? m.httpPerRequest === undefined
          ? ''
          : `  http ${m.httpPerRequest}/req`
        : `  redis ${m.redisPerRequest}/req  pg ${m.postgresPerRequest}/req  http ${m.httpPerRequest}/req`;
    const cpu = m.serverCpuMsPerRequest === undefined ? '' : `  cpu ${m.serverCpuMsPerRequest} ms/req`;
    const late = m.timerLateP99 === undefined ? '' : `  (pacing timers late p99 ${m.timerLateP99} ms)`;
    const loadCpu =
      m.loadCpuMsPerRequest === undefined ? '' : `  load generator cpu ${m.loadCpuMsPerRequest} ms/req`;
    hooks.progress(
      `${scenario.padEnd(20)} ${store.padEnd(8)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  errors ${m.errors}${cpu}${trips}${loadCpu}${late}`,
    );
    return result;
  };
  /** Runs `task` on the load generator; for Pitboss also counts the server's round trips meanwhile. */
  const measure = async (target: Target, task: LoadTask) => {
    const pid = target.server.child.pid;
    const counts = target.kind === 'pitboss' ? await readCounts(target.server.url) : undefined;
    const cpu = processCpuMs(pid);
    const loadCpu = processCpuMs(load.pid);
    const m = await load.run(task);
    const { serverCpuMsPerRequest: loadCpuMsPerRequest } = cpuPerRequest(
      loadCpu,
      processCpuMs(load.pid),
      m.requests,
    );
    return {
      ...m,
      ...cpuPerRequest(cpu, processCpuMs(pid), m.requests),
      ...(loadCpuMsPerRequest === undefined ? {} : { loadCpuMsPerRequest }),
      ...(counts ? roundTrips(counts, await readCounts(target.server.url), m.requests) : {}),
    };
  };
  const { durationSec, connections } = options;
  const cannon = async (scenario: (typeof CANNON_SCENARIOS)[number], target: Target, rate?: number) => {
    // Tokens come from real logins made just before measuring: the quick-start's memory adapter is an LRU
    // of 1,000 entries, so tokens seeded earlier may have been evicted by the previous scenario.
    const live = scenario === 'client_credentials' ? '' : (await hooks.logins(target, 1))[0]!.accessToken;
    const request = cannonRequest(scenario, target, seed, live);
    await checkRequest(request, scenario);
    if (rate) return measure(target, { kind: 'paced', scenario, ...request, connections, durationSec, rate });
    if (options.warmupSec) {
      await load.run({ kind: 'cannon', ...request, connections, durationSec: options.warmupSec });
    }
    return measure(target, { kind: 'cannon', ...request, connections, durationSec });
  };
  const refresh = async (target: Target, rate?: number) => {
    const tokens = (await hooks.logins(target, options.chains)).map((t) => t.refreshToken);
    return measure(target, {
      kind: 'refresh',
      tokenUrl: target.endpoints.token,
      client: seed.rp,
      tokens,
      durationSec,
      rate,
    });
  };

  for (const scenario of CANNON_SCENARIOS.filter(wanted)) {
    for (const target of targets)
      results.push(record(scenario, target.store, await cannon(scenario, target)));
  }
  if (wanted('refresh_token')) {
    for (const target of targets) results.push(record('refresh_token', target.store, await refresh(target)));
  }
  // The quick-start signs in through its development pages plus one argon2id verify at the login submit
  // (bench/baseline-server.ts): the best rate a password sign-in on oidc-provider with this flow reaches here.
  // It has no TOTP. The argon2id rate the sign-ins are compared with is measured next to them.
  for (const target of targets) {
    for (const [scenario, mfa] of [
      ['login_password', false],
      ['login_password_totp', true],
    ] as const) {
      if (!wanted(scenario) || (mfa && target.kind === 'baseline')) continue;
      const m = await measure(target, {
        kind: 'login',
        issuer: target.server.url,
        server: target.kind,
        seed,
        ...(mfa ? { mfa } : {}),
        concurrency: connections,
        durationSec: options.loginDurationSec,
      });
      results.push(record(scenario, target.store, m));
    }
  }
  if (wanted('end_all_sessions_10_rps')) {
    for (const target of targets.filter((t) => t.kind === 'pitboss')) {
      results.push(record('end_all_sessions_10_rps', target.store, await hooks.endAllSessions(target)));
    }
  }
  if (wanted('argon2id_verify')) {
    // Verified in the load generator itself: its CPU time per verify is what one costs on this machine.
    const cpu = processCpuMs(load.pid);
    const argon = await load.run({
      kind: 'argon2',
      concurrency: connections,
      durationSec: options.loginDurationSec,
    });
    const perVerify = cpuPerRequest(cpu, processCpuMs(load.pid), argon.requests);
    results.push(record('argon2id_verify', 'none', { ...argon, ...perVerify }));
  }
  if (wanted('redis_get') && options.redisProbe) {
    // What one Redis round trip costs a Node client here: the load generator's CPU per GET. With 8 loops at
    // once, replies arrive several per read (as for a server with 8 requests in flight); alone, every GET
    // pays its own write, wake-up and read: the two bound what a server's command costs.
    for (const [scenario, concurrency] of [
      ['redis_get', connections],
      ['redis_get_alone', 1],
    ] as const) {
      const cpu = processCpuMs(load.pid);
      const gets = await load.run({
        kind: 'redis_get',
        redisUrl: options.redisProbe.url,
        key: options.redisProbe.key,
        concurrency,
        durationSec: Math.min(5, durationSec),
      });
      const perGet = cpuPerRequest(cpu, processCpuMs(load.pid), gets.requests);
      results.push(record(scenario, 'none', { ...gets, ...perGet }));
    }
  }

  // The p99 target applies to the Redis store; the quick-start held at half its own peak, measured the same
  // way, shows what p99 a lean oidc-provider server reaches on this machine (the floor of that target).
  const halfPeak: ScenarioResult[] = [];
  const held = targets.filter((t) => t.store === 'redis' || t.store === 'baseline');
  if (options.halfPeak && held.some((t) => t.store === 'redis') && wanted('half_peak')) {
    for (const scenario of TOKEN_SCENARIOS) {
      for (const target of held) {
        const peak = results.find((r) => r.scenario === scenario && r.store === target.store)?.rps;
        if (!peak) continue;
        const rate = Math.max(1, peak / 2);
        const m =
          scenario === 'refresh_token' ? await refresh(target, rate) : await cannon(scenario, target, rate);
        halfPeak.push(record(`${scenario}@half`, target.store, m, rate));
      }
    }
  }
  return { results, halfPeak };
}
