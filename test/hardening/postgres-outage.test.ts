import { setTimeout as sleep } from 'node:timers/promises';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/database.ts';
import { type RunningPitboss, registerRp, startPitboss, type TestRp } from '../helpers/app.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { startPostgresServer } from '../helpers/postgres-server.ts';
import { testRedis } from '../helpers/redis.ts';
import { openLogin } from './login-page.ts';
import { Tally } from './outage-load.ts';
import { tokenCalls } from './token-calls.ts';

describe('Postgres outage: a throwaway Postgres is stopped and started with pg_ctl', () => {
  let app: RunningPitboss;
  let postgres: Awaited<ReturnType<typeof startPostgresServer>>;
  let rp: client.Configuration;
  let calls: ReturnType<typeof tokenCalls>;
  let ops: TestRp;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'pg-outage@example.com', password: 'pg outage password 1' };

  beforeAll(async () => {
    postgres = await startPostgresServer();
    const db = await openDatabase({ url: postgres.url, dataDir: '' });
    const redis = await testRedis();
    app = await startPitboss({ database: db, redis: redis.redis, prefix: redis.prefix });
    cleanups.push(
      () => ops?.close() ?? Promise.resolve(),
      () => app.close(),
      () => redis.close(),
      () => db.close(),
      () => postgres.destroy(),
    );
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({ name: 'PG Casino', redirectUris: [REDIRECT_URI] });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    calls = tokenCalls(app.url, created.clientId, created.clientSecret!);
    ops = await registerRp(app, { name: 'Ops', grantTypes: ['client_credentials'], scope: 'admin' });
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('fails logins closed with 503, keeps Redis-only paths up, recovers when Postgres returns', async () => {
    const { tokens } = await login(rp, player);
    const toRevoke = (await login(rp, player)).tokens;
    const admin = (await client.clientCredentialsGrant(ops.config, { scope: 'admin' })).access_token;
    const { id } = (await app.pitboss.accounts.findByEmail(player.email))!;
    const endAll = () =>
      fetch(`${app.url}/admin/api/users/${id}/sessions`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}` },
      });
    await postgres.stop();
    const tally = new Tally();
    const started = Date.now();
    const refreshToken = tokens.refresh_token!;
    while (Date.now() - started < 2000) {
      // Needs Postgres (password check): 503 + Retry-After, never 500.
      const pending = await openLogin(rp);
      expect((await tally.send(() => pending.post(player)))?.status).toBe(503);
      // Refresh asks the responsible-gambling state in Postgres (restrictions, server/rg/token-checks.ts): it
      // fails closed with 503 rather than letting a restricted player refresh while it cannot be read.
      const refreshed = await tally.send(() => calls.refresh(refreshToken));
      expect(refreshed?.status).toBe(503);
      // A player seen in the last minute: the account state every bump rewrites in Redis, plus the account
      // this instance resolved for that session version, serve userinfo.
      expect((await tally.send(() => calls.userinfo(tokens.access_token)))?.status).toBe(200);
      // Redis plus the last-known client metadata: still served.
      const introspect = await tally.send(() => calls.introspect(tokens.access_token));
      expect(introspect?.status).toBe(200);
      expect((await introspect!.json()).active).toBe(true);
      expect((await tally.send(() => fetch(`${app.url}/jwks`)))?.status).toBe(200);
      expect((await tally.send(() => fetch(`${app.url}/.well-known/openid-configuration`)))?.status).toBe(
        200,
      );
    }
    // The admin API fails closed: 503 + Retry-After (never 500), and nothing ended meanwhile.
    expect((await tally.send(endAll))?.status).toBe(503);
    const still = await tally.send(() => calls.introspect(tokens.access_token));
    expect((await still!.json()).active).toBe(true);
    // Revocation needs only Redis: it works during the outage and holds afterwards.
    expect((await tally.send(() => calls.revoke(toRevoke.refresh_token!)))?.status).toBe(200);

    await postgres.start();
    const returned = Date.now();
    // Recovered once the password check answers again (refresh no longer waits on Postgres).
    const pending = await openLogin(rp);
    for (;;) {
      const res = await pending.post(player);
      if (res.status !== 503) {
        expect([302, 303]).toContain(res.status);
        break;
      }
      expect(Date.now() - returned).toBeLessThan(15_000);
      await sleep(50);
    }
    const recoveredMs = Date.now() - returned;
    expect((await login(rp, player)).tokens.access_token).toBeTruthy();
    const revoked = await calls.refresh(toRevoke.refresh_token!);
    expect(revoked.status).toBe(400);
    // Back, the same admin call ends what the player holds.
    const ended = await endAll();
    expect(ended.status).toBe(200);
    expect((await ended.json()).ended.sessions).toBeGreaterThanOrEqual(1);

    console.log(`postgres outage: ${JSON.stringify({ recoveredMs, outage: tally })}`);
    expect(tally.bad()).toEqual([]);
    expect(tally.missingRetryAfter).toBe(0);
    expect(tally.maxMs).toBeLessThan(3500);
  });
});
