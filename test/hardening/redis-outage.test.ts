import { setTimeout as sleep } from 'node:timers/promises';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { startRedisServer } from '../helpers/redis-server.ts';
import { openLogin } from './login-page.ts';
import { backgroundLoad, Tally } from './outage-load.ts';
import { tokenCalls } from './token-calls.ts';

describe('Redis outage: a dedicated redis-server is killed -9 and restarted under load', () => {
  let app: RunningPitboss;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let rp: client.Configuration;
  let calls: ReturnType<typeof tokenCalls>;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'outage@example.com', password: 'outage password 1' };

  beforeAll(async () => {
    const db = await testDatabase();
    redis = await startRedisServer();
    // The app connects by itself (REDIS_URL), exactly as in production, so its reconnect logic is what heals.
    app = await startPitboss({ database: db, env: { REDIS_URL: redis.url, LOGIN_DELAY_MS: '0' } });
    cleanups.push(
      () => app.close(),
      () => redis.stop(),
      () => db.close(),
    );
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({ name: 'Outage Casino', redirectUris: [REDIRECT_URI] });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    calls = tokenCalls(app.url, created.clientId, created.clientSecret!);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('answers 503 + Retry-After quickly while Redis is down, accepts no revoked token, heals by itself', async () => {
    const live = (await login(rp, player)).tokens;
    const revoked = (await login(rp, player)).tokens;
    const churn = { refresh: (await login(rp, player)).tokens.refresh_token! };
    expect((await calls.revoke(revoked.refresh_token!)).status).toBe(200);
    expect((await calls.revoke(revoked.access_token)).status).toBe(200);
    const pendingLogin = await openLogin(rp);

    const phases = { before: new Tally(), outage: new Tally(), after: new Tally() };
    let phase = phases.before;
    // Background load: authorization starts, refreshes of a churn grant, userinfo and introspection.
    const load = backgroundLoad(
      4,
      async (tally) => {
        await tally.send(() => fetch(client_authorize(app.url, rp), { redirect: 'manual' }));
        const res = await tally.send(() => calls.refresh(churn.refresh));
        if (res?.status === 200) churn.refresh = (await res.json()).refresh_token;
        await tally.send(() => calls.userinfo(live.access_token));
        const introspected = await tally.send(() => calls.introspect(revoked.access_token));
        if (introspected?.status === 200) expect((await introspected.json()).active).toBe(false);
        await sleep(20);
      },
      () => phase,
    );
    await sleep(500);

    await redis.kill();
    phase = phases.outage;
    const outageStarted = Date.now();
    // Targeted requests during the outage: none may succeed with a revoked token, none may be a 500.
    const targeted = new Tally();
    while (Date.now() - outageStarted < 3000) {
      const refreshRevoked = await targeted.send(() => calls.refresh(revoked.refresh_token!));
      expect(refreshRevoked?.status).not.toBe(200);
      const introspect = await targeted.send(() => calls.introspect(revoked.access_token));
      if (introspect?.status === 200) expect((await introspect.json()).active).toBe(false);
      const loginPost = await targeted.send(() => pendingLogin.post(player));
      expect(loginPost?.status).toBe(503);
      const refreshLive = await targeted.send(() => calls.refresh(live.refresh_token!));
      expect(refreshLive?.status).toBe(503);
    }

    await redis.restart();
    const returned = Date.now();
    phase = phases.after;
    let refreshed: Response | undefined;
    for (;;) {
      refreshed = await calls.refresh(live.refresh_token!);
      if (refreshed.status === 200) break;
      expect(refreshed.status).toBe(503);
      expect(Date.now() - returned).toBeLessThan(15_000);
      await sleep(50);
    }
    const recoveredMs = Date.now() - returned;
    await sleep(500);
    await load.stop();

    // Revocations made before the outage still hold (append-only file): both the refresh and access token.
    const reuse = await calls.refresh(revoked.refresh_token!);
    expect(reuse.status).toBe(400);
    expect((await reuse.json()).error).toBe('invalid_grant');
    expect((await (await calls.introspect(revoked.access_token)).json()).active).toBe(false);
    // New logins work again without restarting the app.
    expect((await login(rp, player)).tokens.access_token).toBeTruthy();
    expect((await refreshed.json()).refresh_token).toBeTruthy();

    const report = {
      recoveredMs,
      before: phases.before,
      outage: phases.outage,
      targeted,
      after: phases.after,
    };
    console.log(`redis outage: ${JSON.stringify(report)}`);
    for (const tally of [phases.before, phases.outage, targeted, phases.after]) {
      expect(tally.bad()).toEqual([]);
      expect(tally.missingRetryAfter).toBe(0);
    }
    expect(phases.outage.statuses['503']).toBeGreaterThan(0);
    expect(Math.max(phases.outage.maxMs, targeted.maxMs)).toBeLessThan(3500);
  });
});

/** A fresh authorization request URL (PKCE challenge fixed: the request is never completed). */
function client_authorize(base: string, rp: client.Configuration): string {
  const params = new URLSearchParams({
    client_id: rp.clientMetadata().client_id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  return `${base}/auth?${params}`;
}
