import * as client from 'openid-client';
import { expect } from 'vitest';
import type { NewClient } from '../../server/clients/client-store.ts';
import { sessionStreamKey } from '../../server/events/session-stream.ts';
import { registerRp, startTestPitboss } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { login } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { waitFor } from '../logout/receiver.ts';
import { sample } from '../metrics/scrape.ts';

export type StoreKind = 'redis' | 'embedded';

/**
 * One store kind's set-up for the ending tests: Pitboss instances (two behind one issuer on Redis, one on the
 * embedded defaults: memory store + Postgres), a studio RP with a real back-channel receiver, an ops client
 * for the admin API. Everything is asserted from outside: HTTP, the audit table, the event stream, /metrics.
 */
export async function startEndings(
  kind: StoreKind,
  env: Record<string, string> = {},
  /** The studio's registration beyond name and receiver (a scope, per-client lifetimes, first party). */
  studioClient: Partial<NewClient> = {},
) {
  const app = await startTestPitboss({ redis: kind === 'redis', instances: kind === 'redis' ? 2 : 1, env });
  const studio = await registerRp(app, { name: 'Endings Studio', backchannel: true, ...studioClient });
  const ops = await registerRp(app, { name: 'Ops', grantTypes: ['client_credentials'], scope: 'admin' });
  const instances = [app, ...app.others];
  let seq = 0;

  const player = async () => {
    const creds = { email: `end-${kind}-${Date.now()}-${seq++}@example.com`, password: 'endings password 1' };
    const account = await app.pitboss.accounts.create(creds);
    return { ...creds, id: account.id };
  };
  /** Signs `who` in through the real pages and returns the RP's tokens, the browser and the session's sid. */
  const signIn = async (who: { email: string; password: string }, scope?: string) => {
    const agent = new UserAgent();
    const { tokens } = await login(studio.config, who, { agent, scope });
    return { tokens, agent, sid: tokens.claims()!.sid as string, sub: tokens.claims()!.sub };
  };
  const endedMetric = async (reason: string) => {
    let total = 0;
    for (const i of instances) {
      const text = await (await fetch(`${i.url}/metrics`)).text();
      const n = sample(text, 'pitboss_sessions_ended_total', { reason });
      total += Number.isNaN(n) ? 0 : n;
    }
    return total;
  };
  const streamEvents = async (accountId: string) => {
    if (!app.redis) {
      const events = instances.flatMap((i) => i.pitboss.stores.sessionEvents.recent?.() ?? []);
      return events.map((e) => ({ type: e.type, data: e.data }));
    }
    const entries = await app.redis.redis.xrange(sessionStreamKey(app.redis.prefix), '-', '+');
    return entries
      .map(([, fields]) => {
        const f = Object.fromEntries(fields.flatMap((_, i) => (i % 2 ? [] : [[fields[i], fields[i + 1]]])));
        return { type: f.type as string, data: JSON.parse(f.data as string) as Record<string, unknown> };
      })
      .filter((e) => e.data.accountId === accountId);
  };
  const auditReasons = async (accountId: string) => {
    for (const i of instances) await i.pitboss.auditPipeline.writer.drain().catch(() => undefined);
    const { rows } = await app.db.pool.query<{ reason: string }>(
      "select detail->>'reason' as reason from audit_log where type = 'session.ended' and account_id = $1",
      [accountId],
    );
    return rows.map((r) => r.reason);
  };

  /**
   * The five effects of an ending, each checked from outside: the refresh token refused, the access token
   * inactive, a `session.ended` audit row and stream event with the reason, the metric moved, the RP told
   * (a logout token for this sid, verified against /jwks by the receiver).
   */
  const expectEnded = async (
    ended: { tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers; sid: string },
    who: { id: string },
    reason: string,
    metricBefore: number,
  ) => {
    await waitFor(() => studio.receiver!.receipts.some((r) => r.sid === ended.sid), 20_000);
    const receipt = studio.receiver!.receipts.find((r) => r.sid === ended.sid)!;
    expect(receipt.sub).toBe(ended.tokens.claims()!.sub);
    await expect(client.refreshTokenGrant(studio.config, ended.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await client.tokenIntrospection(studio.config, ended.tokens.access_token)).active).toBe(false);
    await expect.poll(() => auditReasons(who.id), { timeout: 10_000 }).toContain(reason);
    await expect
      .poll(async () =>
        (await streamEvents(who.id)).some((e) => e.type === 'session.ended' && e.data.reason === reason),
      )
      .toBe(true);
    await expect.poll(() => endedMetric(reason)).toBeGreaterThan(metricBefore);
  };

  /** Runs the CLI against this set-up's stores (Redis too when there is one). */
  const cli = (args: string[]) =>
    runCli(args, {
      DATABASE_URL: app.db.url,
      ...(app.redis && {
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: app.redis.prefix,
      }),
    });
  const adminToken = async () =>
    (await client.clientCredentialsGrant(ops.config, { scope: 'admin' })).access_token;
  const adminApi = async (path: string, method = 'GET') =>
    fetch(`${app.url}/admin/api${path}`, {
      method,
      headers: { authorization: `Bearer ${await adminToken()}` },
    });

  return {
    app,
    instances,
    studio,
    player,
    signIn,
    endedMetric,
    expectEnded,
    cli,
    adminApi,
    async close() {
      await ops.close();
      await studio.close();
      await app.close();
    },
  };
}

export type Endings = Awaited<ReturnType<typeof startEndings>>;
