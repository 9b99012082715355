import fc from 'fast-check';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { type FuzzRequest, fuzzRequest } from './fuzz-requests.ts';
import { tokenCalls } from './token-calls.ts';

const REQUESTS = 10_000;
const CONCURRENCY = 16;

describe('fuzz: malformed requests across every endpoint', () => {
  let app: RunningPitboss;
  let rp: client.Configuration;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let calls: ReturnType<typeof tokenCalls>;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'fuzz@example.com', password: 'fuzz password 1' };

  beforeAll(async () => {
    db = await testDatabase();
    redis = await testRedis();
    app = await startPitboss({
      database: db,
      redis: redis.redis,
      prefix: redis.prefix,
      env: { LOGIN_DELAY_MS: '0' },
    });
    cleanups.push(
      () => app.close(),
      () => redis.close(),
      () => db.close(),
    );
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({ name: 'Fuzz Casino', redirectUris: [REDIRECT_URI] });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    calls = tokenCalls(app.url, created.clientId, created.clientSecret!);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /**
   * Records that only a successful request may create or remove: tokens, grants, rows. Authorization codes by
   * key, since the sign-in's consumed code may expire by its own 60 s TTL while a slow run goes on.
   */
  async function durableState() {
    const counts: Record<string, number> = {};
    const codes = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.redis.scan(cursor, 'MATCH', `${redis.prefix}*`, 'COUNT', 1000);
      for (const key of keys) {
        const model = key.slice(redis.prefix.length).split(':')[0]!;
        if (model === 'AuthorizationCode') codes.add(key);
        else if (['AccessToken', 'RefreshToken', 'Grant', 'ClientCredentials'].includes(model))
          counts[model] = (counts[model] ?? 0) + 1;
      }
      cursor = next;
    } while (cursor !== '0');
    for (const table of ['accounts', 'clients', 'signing_keys']) {
      counts[table] = Number((await db.pool.query(`select count(*) from ${table}`)).rows[0].count);
    }
    return { counts, codes };
  }

  it(`sends ${REQUESTS} malformed requests: no 5xx, no crash, no state change`, async () => {
    const { tokens } = await login(rp, player);
    // A pending interaction with its cookies and CSRF token, so the interaction forms get past the first check.
    const auth = await fetch(
      `${app.url}/auth?${new URLSearchParams({
        client_id: rp.clientMetadata().client_id,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    const cookie = auth.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const uid = auth.headers.get('location')!.split('/').pop()!;
    const page = await (await fetch(`${app.url}/interaction/${uid}`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const context = {
      clientId: rp.clientMetadata().client_id,
      redirectUri: REDIRECT_URI,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token!,
      idToken: tokens.id_token!,
      uid,
      csrf,
      cookie,
    };
    let t = Date.now();
    const requests = fc.sample(fuzzRequest(context), { numRuns: REQUESTS, seed: 20261124 });
    console.log(`generated in ${Date.now() - t} ms`);
    t = Date.now();
    const before = await durableState();

    const statuses: Record<string, number> = {};
    const failures: { req: FuzzRequest; status: string }[] = [];
    let index = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (index < requests.length) {
          const req = requests[index++]!;
          let status: string;
          try {
            const res = await fetch(`${app.url}${req.path}`, {
              method: req.method,
              headers: req.headers,
              body: req.body,
              redirect: 'manual',
              signal: AbortSignal.timeout(10_000),
            });
            await res.arrayBuffer();
            status = String(res.status);
          } catch (err) {
            status = `network:${(err as Error).cause ?? (err as Error).name}`;
          }
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (!/^[1-4]\d\d$/.test(status)) failures.push({ req, status });
        }
      }),
    );
    const elapsedMs = Date.now() - started;
    console.log(`fuzz: ${JSON.stringify({ sent: requests.length, elapsedMs, statuses })}`);
    expect(failures.slice(0, 5)).toEqual([]);

    // Still up, and nothing the fuzz sent created, consumed or revoked a token.
    expect((await fetch(`${app.url}/.well-known/openid-configuration`)).status).toBe(200);
    const after = await durableState();
    expect(after.counts).toEqual(before.counts);
    // No code appeared; the one the sign-in consumed may only have expired.
    expect([...after.codes].filter((key) => !before.codes.has(key))).toEqual([]);
    expect((await (await calls.introspect(tokens.access_token)).json()).active).toBe(true);
    expect((await calls.refresh(tokens.refresh_token!)).status).toBe(200);
  }, 180_000); // ~30 s alone; generous because the suite shares two cores with other suites
});
