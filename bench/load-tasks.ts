import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { ARGON2_OPTIONS } from './argon2-options.ts';
import { basicAuth, createHttpClient } from './http-client.ts';
import { loginDriver, type ServerKind } from './login-flow.ts';
import { type Measurement, round, runWorkers } from './measure.ts';
import type { Seed } from './seed.ts';
import { answers, type CannonScenario } from './targets.ts';

/** One HTTP request repeated by autocannon (client_credentials, introspection, userinfo). */
export interface CannonTask {
  kind: 'cannon';
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSec: number;
}

/**
 * The same request held at `rate` per second overall by `connections` paced workers on keep-alive
 * connections, each request timed from its scheduled send time (see runWorkers) and its answer checked.
 * Not autocannon's `overallRate`: that sends each connection's quota for the second in one burst, then
 * idles, and its latency correction assumes a 1 ms interval, adding values the server never took.
 */
export interface PacedTask extends Omit<CannonTask, 'kind'> {
  kind: 'paced';
  scenario: CannonScenario;
  rate: number;
}

/** N refresh chains, each presenting the refresh token its previous call returned. */
export interface RefreshTask {
  kind: 'refresh';
  tokenUrl: string;
  client: { clientId: string; clientSecret: string };
  tokens: string[];
  durationSec: number;
  rate?: number;
}

/** Complete logins over HTTP, `concurrency` at a time. */
export interface LoginTask {
  kind: 'login';
  issuer: string;
  server: ServerKind;
  seed: Seed;
  /** Sign in the TOTP-enrolled players, each once (a code is accepted once only). */
  mfa?: boolean;
  concurrency: number;
  durationSec: number;
}

/** argon2id verifications with the account store's parameters, `concurrency` at a time. */
export interface Argon2Task {
  kind: 'argon2';
  concurrency: number;
  durationSec: number;
}

/**
 * ioredis GETs of one small existing key, `concurrency` loops back to back: what one Redis round trip costs
 * a Node client on this machine (the load generator's CPU per command). The key is written with a TTL first
 * and deleted afterwards.
 */
export interface RedisGetTask {
  kind: 'redis_get';
  redisUrl: string;
  key: string;
  concurrency: number;
  durationSec: number;
}

export type LoadTask = CannonTask | PacedTask | RefreshTask | LoginTask | Argon2Task | RedisGetTask;

/** Runs one task in this (load generator) process. */
export function runTask(task: LoadTask): Promise<Measurement> {
  switch (task.kind) {
    case 'cannon':
      return cannon(task);
    case 'paced':
      return paced(task);
    case 'refresh':
      return refreshChains(task);
    case 'login':
      return logins(task);
    case 'argon2':
      return argon2Verifies(task);
    case 'redis_get':
      return redisGets(task);
  }
}

async function cannon(task: CannonTask): Promise<Measurement> {
  const result = await autocannon({
    url: task.url,
    method: task.method,
    headers: task.headers,
    body: task.body,
    connections: task.connections,
    duration: task.durationSec,
  });
  const errors = result.non2xx + result.errors + result.timeouts;
  return {
    rps: round((result.requests.total - result.non2xx) / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    requests: result.requests.total,
    durationSec: round(result.duration),
  };
}

async function paced(task: PacedTask): Promise<Measurement> {
  const http = createHttpClient(task.connections);
  const init = { method: task.method, headers: task.headers, ...(task.body ? { body: task.body } : {}) };
  try {
    return await runWorkers(
      task.connections,
      task.durationSec,
      async () => {
        const res = await http.send(task.url, init);
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(res.body) as Record<string, unknown>;
        } catch {
          // not JSON: answers() fails it below
        }
        return answers(task.scenario, res.status, body);
      },
      task.rate,
    );
  } finally {
    http.close();
  }
}

async function refreshChains(task: RefreshTask): Promise<Measurement> {
  const http = createHttpClient(task.tokens.length);
  const chains = [...task.tokens];
  const authorization = basicAuth(task.client.clientId, task.client.clientSecret);
  try {
    return await runWorkers(
      chains.length,
      task.durationSec,
      async (w) => {
        const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: chains[w]! });
        const res = await http.send(task.tokenUrl, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
        });
        if (res.status !== 200) return 'stop';
        chains[w] = (JSON.parse(res.body) as { refresh_token: string }).refresh_token;
        return true;
      },
      task.rate,
    );
  } finally {
    http.close();
  }
}

/** Sign-ins; for the quick-start (no /metrics) also the HTTP requests per sign-in, counted by the driver. */
async function logins(task: LoginTask): Promise<Measurement & { httpPerRequest?: number }> {
  let sent = 0;
  const counted = task.server === 'baseline';
  const login = await loginDriver(task.server, task.issuer, task.seed, counted ? () => sent++ : undefined);
  let n = 0;
  const m = await runWorkers(task.concurrency, task.durationSec, async () => {
    if (task.mfa && n >= task.seed.mfaPlayers.length) return 'end';
    const player = task.mfa ? task.seed.mfaPlayers[n++]! : task.seed.players[n++ % task.seed.players.length]!;
    const tokens = await login(player);
    return Boolean(tokens.accessToken && tokens.refreshToken);
  });
  return counted ? { ...m, httpPerRequest: round(sent / Math.max(1, m.requests)) } : m;
}

async function argon2Verifies(task: Argon2Task): Promise<Measurement> {
  const password = randomBytes(16).toString('base64url');
  const hash = await argon2.hash(password, ARGON2_OPTIONS);
  return runWorkers(task.concurrency, task.durationSec, () => argon2.verify(hash, password));
}

async function redisGets(task: RedisGetTask): Promise<Measurement> {
  const redis = new Redis(task.redisUrl, { maxRetriesPerRequest: 2 });
  try {
    // About the size of a token record (adapters/redis/record-format.ts).
    await redis.set(task.key, randomBytes(225).toString('base64'), 'PX', task.durationSec * 1000 + 60_000);
    return await runWorkers(
      task.concurrency,
      task.durationSec,
      async () => (await redis.get(task.key)) !== null,
    );
  } finally {
    await redis.del(task.key);
    redis.disconnect();
  }
}
