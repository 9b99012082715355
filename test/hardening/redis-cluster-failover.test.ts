import { setTimeout as sleep } from 'node:timers/promises';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { startRedisCluster } from '../helpers/redis-cluster.ts';
import { Tally } from './outage-load.ts';
import { tokenCalls } from './token-calls.ts';

describe('Redis Cluster (3 masters + 3 replicas): a master is killed -9 and its replica takes over', () => {
  let app: RunningPitboss;
  let cluster: Awaited<ReturnType<typeof startRedisCluster>>;
  let rp: client.Configuration;
  let calls: ReturnType<typeof tokenCalls>;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'cluster@example.com', password: 'cluster password 1' };

  beforeAll(async () => {
    // A short node timeout so the replica is promoted within a couple of seconds.
    cluster = await startRedisCluster({ replicas: 1, nodeTimeoutMs: 1000 });
    const db = await testDatabase();
    const nodes = cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',');
    app = await startPitboss({ database: db, env: { REDIS_CLUSTER_NODES: nodes, LOGIN_DELAY_MS: '0' } });
    cleanups.push(
      () => app.close(),
      () => cluster.stop(),
      () => db.close(),
    );
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({
      name: 'Cluster Casino',
      redirectUris: [REDIRECT_URI],
    });
    rp = await discover(app.url, created.clientId, created.clientSecret);
    calls = tokenCalls(app.url, created.clientId, created.clientSecret!);
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('answers 503 (never 500) during the failover, then every flow and every earlier grant works again', async () => {
    const grants = [];
    for (let i = 0; i < 4; i++) grants.push((await login(rp, player)).tokens);
    await sleep(300); // let asynchronous replication catch up before the crash
    const victim = cluster.cluster.nodes('master')[0]!.options.port!;
    await cluster.kill(victim);
    const killed = Date.now();

    // Probe with reads and fresh authorization requests until a whole login succeeds again.
    const tally = new Tally();
    let recoveredMs = 0;
    while (!recoveredMs) {
      expect(Date.now() - killed).toBeLessThan(30_000);
      for (const g of grants) await tally.send(() => calls.introspect(g.access_token));
      const ok = await login(rp, player).then(
        () => true,
        (e) => {
          console.log(
            'DEBUG',
            Date.now() - killed,
            String(e).slice(0, 200),
            JSON.stringify(tally.statuses),
            (app.pitboss.redis as any).status,
          );
          return false;
        },
      );
      if (ok) recoveredMs = Date.now() - killed;
      else await sleep(200);
    }
    // Everything issued before the crash survived on the promoted replicas.
    for (const g of grants) {
      expect((await (await calls.introspect(g.access_token)).json()).active).toBe(true);
      const refreshed = await tally.send(() => calls.refresh(g.refresh_token!));
      expect(refreshed?.status).toBe(200);
    }
    console.log(`redis cluster failover: ${JSON.stringify({ recoveredMs, probes: tally })}`);
    expect(tally.bad()).toEqual([]);
    expect(tally.missingRetryAfter).toBe(0);
    expect(tally.maxMs).toBeLessThan(3500);
  }, 60_000);
});
