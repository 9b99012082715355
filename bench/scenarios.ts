import type { LoadProcess } from './load-process.ts';
import type { LoginTokens } from './login-flow.ts';
import type { Measurement } from './measure.ts';
import type { Seed } from './seed.ts';
import { cannonRequest, checkRequest, type StoreName, type Target } from './targets.ts';

export const CANNON_SCENARIOS = ['client_credentials', 'introspection', 'userinfo'] as const;
/** Token-endpoint scenarios the throughput and p99 targets apply to. */
export const TOKEN_SCENARIOS = ['client_credentials', 'refresh_token', 'introspection'] as const;

export interface ScenarioResult extends Measurement {
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
  const record = (scenario: string, store: ScenarioResult['store'], m: Measurement, rate?: number) => {
    const result = { scenario, store, ...m, ...(rate ? { rate: Math.round(rate) } : {}) };
    hooks.progress(
      `${scenario.padEnd(20)} ${store.padEnd(8)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  errors ${m.errors}`,
    );
    return result;
  };
  const { durationSec, connections } = options;
  const cannon = async (scenario: (typeof CANNON_SCENARIOS)[number], target: Target, rate?: number) => {
    // Tokens come from real logins made just before measuring: the quick-start's memory adapter is an LRU
    // of 1,000 entries, so tokens seeded earlier may have been evicted by the previous scenario.
    const live = scenario === 'client_credentials' ? '' : (await hooks.logins(target, 1))[0]!.accessToken;
    const request = cannonRequest(scenario, target, seed, live);
    await checkRequest(request, scenario);
    if (options.warmupSec && !rate) {
      await load.run({ kind: 'cannon', ...request, connections, durationSec: options.warmupSec });
    }
    return load.run({ kind: 'cannon', ...request, connections, durationSec, rate });
  };
  const refresh = async (target: Target, rate?: number) => {
    const tokens = (await hooks.logins(target, options.chains)).map((t) => t.refreshToken);
    return load.run({
      kind: 'refresh',
      tokenUrl: target.endpoints.token,
      client: seed.rp,
      tokens,
      durationSec,
      rate,
    });
  };

  for (const scenario of CANNON_SCENARIOS) {
    for (const target of targets)
      results.push(record(scenario, target.store, await cannon(scenario, target)));
  }
  for (const target of targets) results.push(record('refresh_token', target.store, await refresh(target)));
  // Login pages and argon2 are ours; the quick-start's development pages check no password.
  for (const target of targets.filter((t) => t.kind === 'pitboss')) {
    const m = await load.run({
      kind: 'login',
      issuer: target.server.url,
      server: target.kind,
      seed,
      concurrency: connections,
      durationSec: options.loginDurationSec,
    });
    results.push(record('login_password', target.store, m));
    const totp = await load.run({
      kind: 'login',
      issuer: target.server.url,
      server: target.kind,
      seed,
      mfa: true,
      concurrency: connections,
      durationSec: options.loginDurationSec,
    });
    results.push(record('login_password_totp', target.store, totp));
  }
  for (const target of targets.filter((t) => t.kind === 'pitboss')) {
    results.push(record('end_all_sessions_10_rps', target.store, await hooks.endAllSessions(target)));
  }
  const argon = await load.run({
    kind: 'argon2',
    concurrency: connections,
    durationSec: options.loginDurationSec,
  });
  results.push(record('argon2id_verify', 'none', argon));

  const halfPeak: ScenarioResult[] = [];
  const redis = targets.find((t) => t.store === 'redis');
  if (options.halfPeak && redis) {
    for (const scenario of TOKEN_SCENARIOS) {
      const peak = results.find((r) => r.scenario === scenario && r.store === 'redis')!.rps;
      const rate = Math.max(1, peak / 2);
      const m =
        scenario === 'refresh_token' ? await refresh(redis, rate) : await cannon(scenario, redis, rate);
      halfPeak.push(record(`${scenario}@half`, 'redis', m, rate));
    }
  }
  return { results, halfPeak };
}
