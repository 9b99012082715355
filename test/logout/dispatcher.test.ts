import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../adapters/postgres/database.ts';
import { createOutboxStore } from '../../adapters/postgres/outbox-store.ts';
import { createBackchannelLogoutListener } from '../../server/logout/backchannel-listener.ts';
import { backchannelUriPolicy } from '../../server/logout/backchannel-uri-policy.ts';
import { createDispatcher, type Dispatcher } from '../../server/logout/dispatcher.ts';
import { createLogoutTokenSigner } from '../../server/logout/logout-token.ts';
import type { SessionEndedListener } from '../../server/sessions/session-events.ts';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { startReceiver, waitFor } from './receiver.ts';

describe('outbox dispatcher', () => {
  let app: RunningPitboss;
  let url: string;
  const cleanups: (() => Promise<void>)[] = [];
  let seq = 0;

  beforeAll(async () => {
    const db = await testDatabase();
    const redis = await testRedis();
    url = db.url;
    app = await startPitboss({ database: db, redis: redis.redis, prefix: redis.prefix });
    // This suite runs its own workers with fast backoff; the app's would compete for the rows.
    await app.pitboss.logout.dispatcher.stop();
    cleanups.push(
      () => app.close(),
      () => redis.close(),
      () => db.close(),
    );
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  // Each test's workers stop with it, so later tests count only their own workers' sends.
  const running: Dispatcher[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((d) => d.stop()));
  });

  /** A worker as another instance would run it: its own pool, same schema. */
  const worker = (options: { deadlineSeconds?: number; leaseSeconds?: number; timeoutMs?: number } = {}) => {
    const pool = createPool({ connectionString: url, max: 4 });
    const outbox = createOutboxStore(pool);
    const dispatcher = createDispatcher({
      outbox,
      clients: app.pitboss.clients,
      signer: createLogoutTokenSigner({ keys: app.pitboss.keys, issuer: app.url }),
      audit: app.pitboss.audit,
      backoff: { baseMs: 20, maxMs: 200 },
      pollMs: 50,
      timeoutMs: options.timeoutMs ?? 2000,
      ...(options.leaseSeconds && { leaseSeconds: options.leaseSeconds }),
      uriPolicy: backchannelUriPolicy({ NODE_ENV: 'test', ISSUER: app.url }),
    });
    const listener = createBackchannelLogoutListener({
      outbox,
      clients: app.pitboss.clients,
      deadlineSeconds: options.deadlineSeconds ?? 60,
      wake: dispatcher.wake,
    });
    running.push(dispatcher);
    cleanups.unshift(async () => {
      await dispatcher.stop();
      await pool.end();
    });
    return { dispatcher, listener, outbox };
  };

  const rp = async (options: { delayMs?: number; port?: number } = {}) => {
    let clientId = '';
    const receiver = await startReceiver({ issuer: app.url, clientId: () => clientId, ...options });
    cleanups.unshift(() => receiver.close());
    clientId = (
      await app.pitboss.clients.create({
        name: `RP ${++seq}`,
        redirectUris: [REDIRECT_URI],
        backchannelLogoutUri: receiver.url,
      })
    ).clientId;
    return { receiver, clientId };
  };

  const end = (listener: SessionEndedListener, clientId: string, sid: string) =>
    listener({
      accountId: `acct-${sid}`,
      sessionId: `sess-${sid}`,
      participants: [{ clientId, sid }],
      reason: 'admin',
    });

  const rowFor = async (sid: string) =>
    (await app.pitboss.logout.outbox.list({ limit: 500 })).find((r) => r.sid === sid)!;

  const audited = async (jti: string) => {
    await app.pitboss.auditPipeline.writer.drain(); // the audit trail is written asynchronously
    return (
      await app.pitboss.database.pool.query<{ outcome: string; detail: Record<string, unknown> }>(
        `select outcome, detail from audit_log where type = 'backchannel.delivery' and detail->>'jti' = $1 order by id`,
        [jti],
      )
    ).rows;
  };

  it('retries a failing RP with the same jti until it answers 200; every attempt is audited', async () => {
    const { dispatcher, listener } = worker();
    dispatcher.start();
    const { receiver, clientId } = await rp();
    receiver.failNext(3, 503);
    await end(listener, clientId, 'retry');
    await waitFor(() => receiver.receipts.length === 1);
    const row = await rowFor('retry');
    await waitFor(async () => (await rowFor('retry')).status === 'delivered');
    const settled = await rowFor('retry');
    expect(settled.attempts).toBe(4);
    expect(settled.lastStatus).toBe(200);
    expect(receiver.hits.map((h) => h.status)).toEqual([503, 503, 503, 200]);
    expect(new Set(receiver.hits.map((h) => h.jti))).toEqual(new Set([row.jti]));
    expect(receiver.receipts[0]!.jti).toBe(row.jti);
    const attempts = await audited(row.jti);
    expect(attempts.map((a) => a.outcome)).toEqual(['failure', 'failure', 'failure', 'success']);
    expect(attempts[0]!.detail).toMatchObject({ status: 503, result: 'retry', attempt: 1 });
    expect(typeof attempts[3]!.detail.latencyMs).toBe('number');
    expect(JSON.stringify(attempts)).not.toContain('eyJ');
  });

  it('delivers to an RP that was down (connection refused) once it comes back, with the same jti', async () => {
    const { dispatcher, listener } = worker();
    dispatcher.start();
    const first = await rp();
    const port = Number(new URL(first.receiver.url).port);
    await first.receiver.close();
    await end(listener, first.clientId, 'down');
    await waitFor(async () => (await rowFor('down')).attempts >= 2);
    const row = await rowFor('down');
    expect(row.status).toBe('pending');
    expect(row.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    const back = await startReceiver({ issuer: app.url, clientId: () => first.clientId, port });
    cleanups.unshift(() => back.close());
    await waitFor(() => back.receipts.length === 1);
    expect(back.receipts[0]!.jti).toBe(row.jti);
    await waitFor(async () => (await rowFor('down')).status === 'delivered');
  });

  it('marks a delivery failed once its deadline passes', async () => {
    const { dispatcher, listener } = worker({ deadlineSeconds: 1 });
    dispatcher.start();
    const { receiver, clientId } = await rp();
    receiver.failNext(10_000, 500);
    await end(listener, clientId, 'deadline');
    await waitFor(async () => (await rowFor('deadline')).status === 'failed', 10_000);
    const row = await rowFor('deadline');
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(row.lastStatus).toBe(500);
    expect(receiver.receipts).toHaveLength(0);
    expect((await audited(row.jti)).length).toBe(row.attempts);
    // Operators can send it again (admin API): back to pending, then delivered.
    receiver.failNext(0);
    expect(await app.pitboss.logout.outbox.retry(row.id, new Date(Date.now() + 60_000))).toBe(true);
    dispatcher.wake();
    await waitFor(async () => (await rowFor('deadline')).status === 'delivered');
    expect(receiver.receipts[0]!.jti).toBe(row.jti);
  });

  it('two instances working one outbox send each delivery exactly once', async () => {
    const a = worker();
    const b = worker();
    const receivers = await Promise.all([1, 2, 3, 4, 5].map(() => rp({ delayMs: 30 })));
    a.dispatcher.start();
    b.dispatcher.start();
    const ends: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      const { clientId } = receivers[i % 5]!;
      ends.push(end(i % 2 ? a.listener : b.listener, clientId, `pair-${i}`));
    }
    await Promise.all(ends);
    await waitFor(() => receivers.reduce((n, r) => n + r.receiver.hits.length, 0) >= 40, 20_000);
    await waitFor(async () => (await app.pitboss.logout.outbox.stats()).pending === 0);
    const jtis = receivers.flatMap((r) => r.receiver.hits.map((h) => h.jti));
    expect(jtis).toHaveLength(40);
    expect(new Set(jtis).size).toBe(40);
  });

  it('keeps a delivery enqueued while no worker runs and sends it when one starts', async () => {
    const stopped = worker();
    stopped.dispatcher.start();
    await stopped.dispatcher.stop();
    const { receiver, clientId } = await rp();
    await end(stopped.listener, clientId, 'restart');
    await new Promise((r) => setTimeout(r, 300));
    const waiting = await rowFor('restart');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    expect(receiver.hits).toHaveLength(0);
    const next: Dispatcher = worker().dispatcher;
    next.start();
    await waitFor(() => receiver.receipts.length === 1);
    expect(receiver.receipts[0]!.jti).toBe(waiting.jti);
  });

  it("a dead instance's claimed delivery is sent by another within seconds (short lease)", async () => {
    const { listener, outbox } = worker();
    const { receiver, clientId } = await rp();
    await end(listener, clientId, 'dead');
    // The "dead" instance claims the row (its attempt counted) and never settles or renews it.
    const [claimed] = await outbox.claim(1, 2);
    expect(claimed?.sid).toBe('dead');
    const claimedAt = Date.now();
    const survivor = worker();
    survivor.dispatcher.start();
    await waitFor(() => receiver.receipts.length === 1, 10_000);
    expect(Date.now() - claimedAt).toBeLessThan(8000);
    expect(receiver.receipts[0]!.jti).toBe(claimed!.jti);
  });

  it('a heartbeat keeps a slow attempt leased: another instance never sends it twice', async () => {
    // Lease 1 s, the RP answers after 2.5 s: without renewal the other worker would claim it meanwhile.
    const a = worker({ leaseSeconds: 1, timeoutMs: 5000 });
    const b = worker({ leaseSeconds: 1, timeoutMs: 5000 });
    const { receiver, clientId } = await rp({ delayMs: 2500 });
    await end(a.listener, clientId, 'slow');
    a.dispatcher.start();
    await waitFor(async () => (await rowFor('slow')).attempts === 1, 5000);
    b.dispatcher.start();
    await waitFor(async () => (await rowFor('slow')).status === 'delivered', 10_000);
    expect(receiver.hits).toHaveLength(1);
    expect((await rowFor('slow')).attempts).toBe(1);
  });
});
