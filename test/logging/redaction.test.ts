import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPitboss, type Pitboss } from '../../server/compose.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';

describe('logs', () => {
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let pitboss: Pitboss;
  let url: string;
  const server = createServer();
  const player = { email: 'logs@example.com', password: 'Sup3r-Secret-Passw0rd!' };

  beforeAll(async () => {
    db = await testDatabase();
    redis = await testRedis();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://localhost:${(server.address() as AddressInfo).port}`;
    const config = loadConfig({
      NODE_ENV: 'test',
      ISSUER: url,
      COOKIE_KEYS: 'log-test-cookie-key',
      REDIS_PREFIX: redis.prefix,
      LOG_LEVEL: 'trace',
      // A private data directory of its own (0700, as start-up requires), not the checkout's ./.data.
      DATA_DIR: await mkdtemp(join(tmpdir(), 'pitboss-logs-')),
    });
    pitboss = await buildPitboss(config, createLogger('trace', capture), {
      database: db,
      redis: redis.redis,
    });
    server.on('request', pitboss.app.callback());
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pitboss?.close();
    await redis?.close();
    await db?.close();
  });

  it('one JSON line per request with a request id, and no secret anywhere through a full login + token flow', async () => {
    await pitboss.accounts.create(player);
    const created = await pitboss.clients.create({
      name: 'Log Studio',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: 'openid email offline_access',
    });
    const rp = await discover(url, created.clientId, created.clientSecret);
    const { tokens, agent } = await login(rp, player);
    const next = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    await client.fetchUserInfo(rp, next.access_token, tokens.claims()!.sub);
    await expect(login(rp, { ...player, password: 'Wr0ng-Passw0rd-Typed' })).rejects.toThrow();
    // The agent's cookie jar is private; read it to know which session cookie values must not be logged.
    const jar = (agent as unknown as { cookies: Map<string, { value: string }> }).cookies;
    const cookieValues = [...jar.values()].map((c) => c.value).filter((v) => v.length > 8);
    expect(cookieValues.length).toBeGreaterThan(0);

    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = records.filter((r) => r.msg === 'request');
    expect(requests.length).toBeGreaterThan(8);
    expect(requests.every((r) => typeof r.reqId === 'string' && typeof r.status === 'number')).toBe(true);
    expect(requests.some((r) => r.route === 'oidc:token' && r.status === 200)).toBe(true);
    const all = lines.join('\n');
    const secrets = [
      player.password,
      'Wr0ng-Passw0rd-Typed',
      created.clientSecret!,
      Buffer.from(`${created.clientId}:${created.clientSecret}`).toString('base64'),
      tokens.access_token,
      tokens.refresh_token!,
      tokens.id_token!,
      next.access_token,
      next.refresh_token!,
      ...cookieValues,
    ];
    for (const secret of secrets) expect(all).not.toContain(secret);
    // Nor in any column of any audit row.
    await pitboss.auditPipeline.writer.drain();
    const audit = await db.pool.query('select * from audit_log');
    expect(audit.rows.map((r) => r.type)).toEqual(expect.arrayContaining(['login']));
    const rows = JSON.stringify(audit.rows);
    for (const secret of secrets) expect(rows).not.toContain(secret);
  });

  it('honours a sane X-Request-Id, replaces an unsafe one, and carries it into audit rows', async () => {
    const sane = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(sane.headers.get('x-request-id')).toBe('lb-1234.abc');
    const unsafe = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const failures = () =>
      db.pool.query(
        `select request_id, ip, user_agent from audit_log where type = 'login' and outcome = 'failure'`,
      );
    await expect.poll(async () => (await failures()).rowCount, { timeout: 10_000 }).toBe(1);
    const { rows } = await failures();
    const ids = new Set(lines.map((l) => JSON.parse(l).reqId).filter(Boolean));
    expect(ids.has(rows[0].request_id)).toBe(true);
    expect(rows[0].ip).toMatch(/127\.0\.0\.1/);
  });

  it('redacts secret-bearing fields from any object logged', () => {
    const out: string[] = [];
    const log = createLogger(
      'info',
      new Writable({
        write(chunk, _enc, done) {
          out.push(String(chunk));
          done();
        },
      }),
    );
    log.info(
      {
        req: { headers: { authorization: 'Bearer abc.def', cookie: 'sid=xyz' } },
        body: {
          password: 'p4ss',
          code: 'c0de',
          refresh_token: 'rt',
          client_secret: 'cs',
          code_verifier: 'cv',
        },
      },
      'x',
    );
    for (const s of ['abc.def', 'sid=xyz', 'p4ss', 'c0de', '"rt"', '"cs"', '"cv"'])
      expect(out.join('')).not.toContain(s);
  });
});
