import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResults } from '../../bench/report.ts';
import { TEST_DATABASE_URL } from '../helpers/database.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Runs `npm run bench -- --quick --out FILE` (the same command, without npm's wrapper) and returns its exit code. */
function runQuickBench(out: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
    env: { ...process.env, BENCH_POSTGRES_URL: TEST_DATABASE_URL, BENCH_REDIS_URL: REDIS_URL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('npm run bench -- --quick', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('measures every scenario on every store without errors, writes the ratios, and cleans up', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pitboss-bench-'));
    const out = join(dir, 'results.json');
    const { code, output } = await runQuickBench(out);
    expect(code, output).toBe(0);
    const results = JSON.parse(await readFile(out, 'utf8')) as BenchResults;

    const expected = [
      ...['client_credentials', 'refresh_token', 'introspection', 'userinfo'].flatMap((s) =>
        ['redis', 'memory', 'baseline'].map((store) => `${s}/${store}`),
      ),
      ...['login_password', 'login_password_totp', 'end_all_sessions_10_rps'].flatMap((s) =>
        ['redis', 'memory'].map((store) => `${s}/${store}`),
      ),
      // The quick-start's sign-in plus one argon2id verify: the floor the sign-in ratio is read against.
      'login_password/baseline',
      'argon2id_verify/none',
      // The load generator's CPU per Redis GET, 8 loops at once and one alone: the round-trip floors.
      'redis_get/none',
      'redis_get_alone/none',
    ];
    expect(results.scenarios.map((r) => `${r.scenario}/${r.store}`).sort()).toEqual(expected.sort());
    for (const r of [...results.scenarios, ...results.halfPeak]) {
      expect(r.rps, `${r.scenario}/${r.store}`).toBeGreaterThan(0);
      expect(r.errors, `${r.scenario}/${r.store}`).toBe(0);
      expect(r.p99).toBeGreaterThanOrEqual(r.p50);
    }
    // Pitboss on Redis at half its peak (the p99 target), and the quick-start at half its own (that target's floor).
    expect(results.halfPeak.map((r) => `${r.scenario}/${r.store}`).sort()).toEqual(
      ['client_credentials', 'introspection', 'refresh_token', 'userinfo'].flatMap((s) => [
        `${s}@half/baseline`,
        `${s}@half/redis`,
      ]),
    );
    // Held by paced workers (their timer lateness is reported), not autocannon's per-second bursts.
    for (const r of results.halfPeak) {
      expect(r.rate, r.scenario).toBeGreaterThan(0);
      expect(r.timerLateP99, r.scenario).toBeGreaterThanOrEqual(0);
      expect(r.loadCpuMsPerRequest, r.scenario).toBeGreaterThan(0);
    }
    // Round trips per request are counted by each Pitboss server: a token is issued with at least one
    // Redis write, and a sign-in is several HTTP requests with Postgres reads (password check, audit).
    const measured = ['client_credentials', 'introspection', 'userinfo', 'refresh_token', 'login_password'];
    for (const r of results.scenarios.filter((s) => s.store === 'redis' && measured.includes(s.scenario))) {
      expect(r.serverCpuMsPerRequest, r.scenario).toBeGreaterThan(0);
      expect(r.httpPerRequest, r.scenario).toBeGreaterThan(0.9);
      expect(r.redisPerRequest, r.scenario).toBeGreaterThan(0);
    }
    const signIn = results.scenarios.find((r) => r.scenario === 'login_password' && r.store === 'redis')!;
    expect(signIn.httpPerRequest).toBeGreaterThanOrEqual(5);
    expect(signIn.postgresPerRequest).toBeGreaterThan(0);
    expect(results.scenarios.find((r) => r.store === 'baseline')?.redisPerRequest).toBeUndefined();
    // The quick-start's sign-ins: CPU from /proc, HTTP requests counted by the driver (pages, redirects, exchange).
    const baselineSignIn = results.scenarios.find(
      (r) => r.scenario === 'login_password' && r.store === 'baseline',
    )!;
    expect(baselineSignIn.serverCpuMsPerRequest).toBeGreaterThan(0);
    expect(baselineSignIn.httpPerRequest).toBeGreaterThanOrEqual(5);
    expect(results.ratios.baselineLoginVsArgon2).toBeGreaterThan(0);
    for (const s of ['redis_get', 'redis_get_alone']) {
      expect(results.scenarios.find((r) => r.scenario === s)?.serverCpuMsPerRequest, s).toBeGreaterThan(0);
    }
    const floors = results.ratios.redisRoundTripFloor!;
    expect(Object.keys(floors).sort()).toEqual([
      'client_credentials',
      'introspection',
      'refresh_token',
      'userinfo',
    ]);
    for (const [s, floor] of Object.entries(floors)) {
      expect(floor.redisCpuMs, s).toBeGreaterThan(0);
      expect(floor.best, s).toBeGreaterThan(0);
      expect(floor.best, s).toBeLessThanOrEqual(1);
      expect(floor.bestAlone, s).toBeGreaterThan(0);
      expect(floor.bestAlone!, s).toBeLessThanOrEqual(floor.best);
    }

    const { redisVsMemory, redisVsBaseline, loginVsArgon2 } = results.ratios;
    const redisBytesPerLogin = results.ratios.redisBytesPerLogin!;
    for (const s of ['client_credentials', 'refresh_token', 'introspection', 'userinfo']) {
      expect(redisVsMemory[s], s).toBeGreaterThan(0);
      expect(redisVsBaseline[s], s).toBeGreaterThan(0);
    }
    expect(redisVsMemory.login_password).toBeGreaterThan(0);
    expect(loginVsArgon2).toBeGreaterThan(0);
    expect(redisBytesPerLogin.logins).toBe(500);
    // Session, Grant, RefreshToken, AccessToken, the grant index and the session uid lookup.
    expect(redisBytesPerLogin.keysPerLogin).toBe(6);
    expect(redisBytesPerLogin.keyBytesPerLogin).toBeGreaterThan(500);
    expect(redisVsMemory.login_password_totp).toBeGreaterThan(0);
    expect(results.notMeasured).toEqual([]);
    expect(results.targets.map((t) => t.target)).toContain(
      'end all sessions, 10 RPs: slowest round (p99) < 1000 ms',
    );
    // The targets: 4 token scenarios against the quick-start and at half peak, sign-in, memory, ending.
    expect(results.targets.map((t) => t.target)).toContain(
      'userinfo: redis/baseline (the bare quick-start) >= 0.8',
    );
    expect(results.targets.map((t) => t.target)).toContain('userinfo: p99 <= 10 ms at half peak');
    expect(results.targets.length).toBe(11);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.mode).toBe('quick');

    // Nothing left behind: the run's database is dropped and its Redis keys deleted.
    const database = results.setup.database as string;
    const prefix = results.setup.redisPrefix as string;
    expect(database).toMatch(/^pitboss_bench_[0-9a-f]+$/);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    await client.end();
    expect(rowCount).toBe(0);
    const redis = new Redis(REDIS_URL);
    const [, keys] = await redis.scan('0', 'MATCH', `${prefix}*`, 'COUNT', 100_000);
    expect(keys).toEqual([]);
    await redis.select(redisBytesPerLogin.probeDb);
    const [, copies] = await redis.scan('0', 'MATCH', `${redisBytesPerLogin.probePrefix}*`, 'COUNT', 100_000);
    await redis.quit();
    expect(copies).toEqual([]);
  }, 300_000);
});
