import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { endAllSessions } from './end-sessions.ts';
import { openBenchEnvironment } from './environment.ts';
import { startLoadProcess } from './load-process.ts';
import { type LoginTokens, loginDriver } from './login-flow.ts';
import { startLogoutReceivers } from './logout-receivers.ts';
import { startMailSink } from './mail-sink.ts';
import { round } from './measure.ts';
import { measureRedisFootprint } from './redis-memory.ts';
import { type BenchResults, formatTable, machine, summarize } from './report.ts';
import { type PlanOptions, runScenarios, SCENARIO_NAMES } from './scenarios.ts';
import { baselineClients, type Seed, seedDatabase } from './seed.ts';
import { type ServerProcess, startServer } from './servers.ts';
import { BENCH_METRICS_TOKEN } from './store-counts.ts';
import { discoverEndpoints, type StoreName, type Target } from './targets.ts';

/**
 * `npm run bench [-- --quick] [-- --out FILE]`: Pitboss on Redis + Postgres, the same build on the memory
 * store, and oidc-provider's bare quick-start, each in its own process, driven by one load-generator process.
 * For profiling one thing at a time: `--only a,b` (scenario names, see SCENARIO_NAMES), `--stores
 * redis,baseline` and `--duration S`; such a partial run writes results only where `--out` says.
 */
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    out: { type: 'string' },
    only: { type: 'string' },
    stores: { type: 'string' },
    duration: { type: 'string' },
  },
});
const quick = args.quick ?? false;
const list = (value: string | undefined, allowed: readonly string[], flag: string) => {
  const names = value?.split(',').map((s) => s.trim());
  const unknown = names?.filter((n) => !allowed.includes(n));
  if (unknown?.length)
    throw new Error(`bench: unknown ${flag} ${unknown.join(', ')} (one of ${allowed.join(', ')})`);
  return names && new Set(names);
};
const only = list(args.only, SCENARIO_NAMES, '--only');
const stores = list(args.stores, ['redis', 'memory', 'baseline'], '--stores');
/** Another checkout (its own node_modules) served as store `compare`: before/after in the same run. */
const compareRoot = process.env.BENCH_COMPARE_ROOT?.replace(/\/$/, '');
const partial = Boolean(only || stores || compareRoot);
const out = args.out ?? (partial ? undefined : new URL('./results.json', import.meta.url).pathname);
const plan: PlanOptions & {
  players: number;
  mfaPlayers: number;
  logoutRounds: number;
  footprintLogins: number;
} = quick
  ? {
      durationSec: 1,
      loginDurationSec: 1,
      connections: 8,
      chains: 4,
      halfPeak: true,
      warmupSec: 0,
      players: 8,
      mfaPlayers: 24,
      logoutRounds: 1,
      footprintLogins: 500,
    }
  : {
      durationSec: 10,
      loginDurationSec: 10,
      connections: 8,
      chains: 8,
      halfPeak: true,
      warmupSec: 2,
      players: 32,
      mfaPlayers: 300,
      logoutRounds: 10,
      footprintLogins: 10_000,
    };
if (args.duration) plan.durationSec = plan.loginDurationSec = Number(args.duration);
plan.only = only;

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse())
    await fn().catch((err) => console.error('bench cleanup:', err));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

const t0 = Date.now();
const log = (line: string) =>
  console.log(`bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s: ${line}`);

/** Logs in `count` times over HTTP (four at a time) and returns the tokens. */
async function seedLogins(target: Target, seed: Seed, count: number): Promise<LoginTokens[]> {
  const login = await loginDriver(target.kind, target.server.url, seed);
  const tokens: LoginTokens[] = [];
  for (let i = 0; i < count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i) }, (_, j) =>
      login(seed.players[(i + j) % seed.players.length]!),
    );
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}

async function main(): Promise<void> {
  const started = Date.now();
  const env = await openBenchEnvironment();
  cleanups.push(() => env.close());
  log(`database ${new URL(env.databaseUrl).pathname.slice(1)}, Redis prefix ${env.prefix}`);
  const servers: ServerProcess[] = [];
  // The ten studios' back-channel logout endpoints; they trust the two Pitboss issuers only.
  let seed: Seed | undefined;
  const receivers = await startLogoutReceivers(
    10,
    () => servers.filter((s) => s.name !== 'baseline').map((s) => s.url),
    () => seed?.studios.map((s) => s.clientId) ?? [],
  );
  cleanups.push(() => receivers.close());
  const mfaKey = randomBytes(32);
  seed = await seedDatabase(env.databaseUrl, {
    players: plan.players,
    logoutPlayers: plan.logoutRounds + 1,
    mfaPlayers: plan.mfaPlayers,
    mfaKey,
    studioLogoutUris: receivers.urls,
  });
  const seeded = seed;
  log(
    `seeded ${plan.players + plan.logoutRounds + 1 + plan.mfaPlayers} players and ${seed.studios.length + 3} clients`,
  );
  const serverPrefix = `${env.prefix}srv:`;
  const mail = await startMailSink();
  cleanups.push(() => mail.close());
  const common = {
    DATABASE_URL: env.databaseUrl,
    // Production-strength keys (32 random bytes each), as production start-up requires.
    COOKIE_KEYS: [randomBytes(32), randomBytes(32)].map((k) => k.toString('base64url')).join(','),
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
    // Request log lines are not written (warn); BENCH_LOG_LEVEL=info measures with them.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ACCESS_TOKEN_TTL: '3600',
    REDIS_CLUSTER_NODES: '',
    MFA_ENCRYPTION_KEY: mfaKey.toString('base64'),
    // New-device mails from the sign-ins go to a real SMTP server that accepts them (bench/mail-sink.ts).
    SMTP_URL: mail.url,
    // One load generator stands in for many clients: the per-client limiter still counts every request
    // (its cost is measured) but is set far above what one machine can send.
    TOKEN_RATE_LIMIT_PER_MINUTE: '1000000000',
  };
  type Spec = [StoreName, 'pitboss' | 'baseline', string, Record<string, string>];
  const allSpecs: Spec[] = [
    [
      'redis',
      'pitboss',
      'server/main.ts',
      { ...common, NODE_ENV: 'production', REDIS_URL: env.redisUrl, REDIS_PREFIX: serverPrefix },
    ],
    ['memory', 'pitboss', 'server/main.ts', { ...common, NODE_ENV: 'test', REDIS_URL: '' }],
    ...(compareRoot
      ? [
          [
            'compare',
            'pitboss',
            `${compareRoot}/server/main.ts`,
            { ...common, NODE_ENV: 'production', REDIS_URL: env.redisUrl, REDIS_PREFIX: `${env.prefix}cmp:` },
          ] satisfies Spec,
        ]
      : []),
    [
      'baseline',
      'baseline',
      'bench/baseline-server.ts',
      { NODE_ENV: 'production', BENCH_CLIENTS: JSON.stringify(baselineClients(seed)) },
    ],
  ];
  const specs = allSpecs.filter(([store]) => !stores || stores.has(store) || store === 'compare');
  cleanups.push(() => Promise.all(servers.map((s) => s.stop())));
  // Started together (startup is mostly tsx compiling); migrations already ran in seedDatabase.
  const starting = specs.map(([store, , entry, serverEnv]) =>
    startServer(store, entry, serverEnv, store === 'compare' ? `${compareRoot}/` : undefined),
  );
  const settled = await Promise.allSettled(starting);
  for (const s of settled) if (s.status === 'fulfilled') servers.push(s.value);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const load = startLoadProcess();
  cleanups.push(() => load.stop());
  log(`servers up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const targets: Target[] = [];
  for (const [i, [store, kind]] of specs.entries()) {
    targets.push({ store, kind, server: servers[i]!, endpoints: await discoverEndpoints(servers[i]!.url) });
  }
  const redisProbe = { url: env.redisUrl, key: `${env.prefix}redis-get-probe` };
  const { results, halfPeak } = await runScenarios(
    load,
    targets,
    seeded,
    { ...plan, redisProbe },
    {
      progress: log,
      logins: (target, count) => seedLogins(target, seeded, count),
      endAllSessions: (target) => endAllSessions(target, seeded, receivers, plan.logoutRounds),
    },
  );

  log(`mails accepted by the relay: ${mail.accepted()} (new-device notices from the sign-ins)`);
  const redisTarget = targets.find((t) => t.store === 'redis');
  let footprint: Awaited<ReturnType<typeof measureRedisFootprint>> | undefined;
  if (redisTarget && (!only || only.has('footprint'))) {
    const [template] = await seedLogins(redisTarget, seeded, 1);
    footprint = await measureRedisFootprint(env.redis, serverPrefix, template!, plan.footprintLogins);
    log(
      `Redis per live login: ${footprint.keyBytesPerLogin} B (MEMORY USAGE), ${footprint.usedMemoryBytesPerLogin} B (used_memory delta)`,
    );
  }

  const results$: BenchResults = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: machine(),
    setup: {
      layout:
        'each server is one Node process; one load-generator process (autocannon at full speed, or a node:http worker loop for refresh chains, logins and the paced half-peak runs); Redis and Postgres on the same machine; all share its cores',
      connections: plan.connections,
      refreshChains: plan.chains,
      loginConcurrency: plan.connections,
      durationSec: plan.durationSec,
      loginDurationSec: plan.loginDurationSec,
      totalSec: 0,
      // Both removed when the run ends; recorded so the test can check the clean-up.
      database: new URL(env.databaseUrl).pathname.slice(1),
      redisPrefix: env.prefix,
    },
    scenarios: results,
    halfPeak,
    notMeasured: [],
    ...summarize(results, halfPeak, footprint),
  };
  results$.setup.totalSec = round((Date.now() - started) / 1000);
  if (out) await writeFile(out, `${JSON.stringify(results$, null, 2)}\n`);
  console.log(
    `\n${formatTable(results$)}\n\n${out ? `written to ${out}` : 'partial run: not written (--out FILE to keep it)'}`,
  );
}

try {
  await main();
} catch (err) {
  console.error('bench failed:', err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
