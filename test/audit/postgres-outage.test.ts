import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../adapters/postgres/audit-verify.ts';
import { type Database, openDatabase } from '../../adapters/postgres/database.ts';
import type { AuditEvent } from '../../server/audit/audit-log.ts';
import { runInRequest } from '../../server/http/request-context.ts';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { startPostgresServer } from '../helpers/postgres-server.ts';
import { testRedis } from '../helpers/redis.ts';

/**
 * Postgres really stopped (a throwaway server of this test's own, not the shared one) while instances keep
 * recording: two instances on the Redis stream and one embedded-style instance on the in-process queue.
 */
describe('audit events survive a Postgres outage', () => {
  let pg: Awaited<ReturnType<typeof startPostgresServer>>;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let databases: Database[];
  let apps: RunningPitboss[];
  const player = { email: 'outage@example.com', password: 'correct horse battery' };

  beforeAll(async () => {
    pg = await startPostgresServer();
    redis = await testRedis();
    databases = await Promise.all([1, 2, 3].map(() => openDatabase({ url: pg.url, dataDir: '' })));
    apps = [
      await startPitboss({ database: databases[0]!, redis: redis.redis, prefix: redis.prefix }),
      await startPitboss({ database: databases[1]!, redis: redis.redis, prefix: redis.prefix }),
      await startPitboss({ database: databases[2]! }), // no Redis: the in-process queue
    ];
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.close()));
    await Promise.all((databases ?? []).map((d) => d.close()));
    await redis?.close();
    await pg?.destroy();
  });

  it('buffers while Postgres is down and writes every event exactly once when it returns', async () => {
    const [a, b, embedded] = apps as [RunningPitboss, RunningPitboss, RunningPitboss];
    await a.pitboss.accounts.create(player);
    const created = await a.pitboss.clients.create({
      name: 'Outage Studio',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: 'openid email offline_access',
    });
    const rp = await discover(a.url, created.clientId, created.clientSecret);
    const { tokens } = await login(rp, player); // audited through the stream before the outage

    await pg.stop();
    // Logins and refreshes fail closed with 503 while Postgres is down (the account and the
    // responsible-gambling restrictions cannot be read), and nothing is half-written.
    await expect(login(rp, player)).rejects.toThrow();
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toThrow();
    const recorded: string[] = [];
    const record = async (app: RunningPitboss, i: number) => {
      const event: AuditEvent = {
        type: 'token.refreshed',
        outcome: 'success',
        accountId: 'acct-outage',
        detail: { i },
      };
      await runInRequest({ requestId: `outage-${i}`, ip: '203.0.113.7', userAgent: 'test' }, () =>
        app.pitboss.audit.record(event),
      );
      recorded.push(`outage-${i}`);
    };
    await Promise.all(Array.from({ length: 30 }, (_, i) => record([a, b, embedded][i % 3]!, i)));
    // Give the writers time to try (and fail) a few times against the stopped server.
    await new Promise((r) => setTimeout(r, 1500));
    await pg.start();

    const check = await openDatabase({ url: pg.url, dataDir: '' });
    try {
      await expect
        .poll(
          async () =>
            (
              await check.pool.query(
                `select count(*)::int as n from audit_log where request_id like 'outage-%'`,
              )
            ).rows[0].n,
          { timeout: 30_000, interval: 250 },
        )
        .toBe(30);
      const { rows } = await check.pool.query<{ request_id: string; n: number; ip: string }>(
        `select request_id, count(*)::int as n, min(ip) as ip from audit_log where request_id like 'outage-%' group by 1`,
      );
      expect(rows.map((r) => r.request_id).sort()).toEqual([...recorded].sort());
      expect(rows.every((r) => r.n === 1 && r.ip === '203.0.113.7')).toBe(true);
      // The login just before the stop may still have been queued when Postgres went away: it lands too.
      await expect
        .poll(
          async () =>
            (await check.pool.query(`select count(*)::int as n from audit_log where type = 'login'`)).rows[0]
              .n,
          { timeout: 30_000, interval: 250 },
        )
        .toBeGreaterThanOrEqual(1);
      expect(await verifyAuditChain(check.pool)).toMatchObject({ ok: true });
    } finally {
      await check.close();
    }
  }, 120_000);
});
