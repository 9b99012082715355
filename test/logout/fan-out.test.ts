import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { type Receiver, startReceiver, waitFor } from './receiver.ts';

describe('back-channel logout fan-out', () => {
  let app: RunningPitboss;
  const receivers: Receiver[] = [];
  const clientIds: string[] = [];
  let silentClient: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    app = await startTestPitboss();
    cleanups.push(() => app.close());
    for (let i = 0; i < 10; i++) {
      const receiver = await startReceiver({ issuer: app.url, clientId: () => clientIds[i]! });
      receivers.push(receiver);
      cleanups.unshift(() => receiver.close());
      const created = await app.pitboss.clients.create({
        name: `Studio ${i}`,
        redirectUris: [REDIRECT_URI],
        backchannelLogoutUri: receiver.url,
      });
      clientIds.push(created.clientId);
    }
    silentClient = (await app.pitboss.clients.create({ name: 'No URI', redirectUris: [REDIRECT_URI] }))
      .clientId;
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('delivers one valid logout token to each of 10 RPs, none to an RP without a URI', async () => {
    // Steady state first: RPs have our JWKS cached and the signer has its key, as in production.
    await app.pitboss.logout.listener({
      accountId: 'account-warm',
      participants: clientIds.map((clientId, i) => ({ clientId, sid: `warm-${i}` })),
      reason: 'admin',
    });
    await waitFor(() => receivers.every((r) => r.receipts.length === 1), 10_000);
    for (const r of receivers) r.receipts.length = 0;
    await waitFor(async () => (await app.pitboss.logout.outbox.stats()).pending === 0);

    const participants = clientIds.map((clientId, i) => ({
      clientId,
      sid: `sid-${i}`,
      grantId: `grant-${i}`,
    }));
    participants.push({ clientId: silentClient, sid: 'sid-silent', grantId: 'grant-silent' });
    const started = performance.now();
    await app.pitboss.logout.listener({
      accountId: 'account-10rp',
      sessionId: 'session-10rp',
      participants,
      reason: 'admin',
      actor: 'admin-1',
    });
    const enqueuedMs = performance.now() - started;
    // Durable before the listener resolved: the rows are already there.
    const rows = (await app.pitboss.logout.outbox.list({ limit: 100 })).filter(
      (r) => r.accountId === 'account-10rp',
    );
    expect(rows).toHaveLength(10);
    await waitFor(() => receivers.every((r) => r.receipts.length >= 1), 10_000);
    const allMs = Math.max(...receivers.map((r) => r.receipts[0]!.at)) - started;
    console.log(
      `fan-out: enqueue ${enqueuedMs.toFixed(1)} ms, 10 tokens verified by 10 RPs ${allMs.toFixed(1)} ms`,
    );

    receivers.forEach((r, i) => {
      expect(r.hits.map((h) => h.status)).toEqual([200, 200]);
      expect(r.receipts).toHaveLength(1);
      const { payload, jti, sid, sub } = r.receipts[0]!;
      expect(sub).toBe('account-10rp');
      expect(sid).toBe(`sid-${i}`);
      expect(payload.aud).toBe(clientIds[i]);
      expect(payload.iss).toBe(app.url);
      expect(jti).toBe(rows.find((row) => row.clientId === clientIds[i])!.jti);
    });
    await waitFor(async () => (await app.pitboss.logout.outbox.list({ status: 'delivered' })).length === 20);
    expect(await app.pitboss.logout.outbox.list({ status: 'pending' })).toHaveLength(0);
    const text = await app.pitboss.metrics.metrics();
    expect(text).toMatch(/^pitboss_backchannel_delivered_total 20$/m);
    expect(text).toMatch(/^pitboss_backchannel_sent_total 20$/m);
    expect(text).toMatch(/^pitboss_backchannel_queue_depth 0$/m);
    expect(text).toMatch(/^pitboss_backchannel_oldest_pending_age_seconds 0$/m);
  });

  it('enqueues a (client, sid) once however many triggers report it', async () => {
    const event = {
      accountId: 'account-dup',
      participants: [{ clientId: clientIds[0]!, sid: 'sid-dup' }],
      reason: 'idle' as const,
    };
    await app.pitboss.logout.listener(event);
    await app.pitboss.logout.listener({ ...event, reason: 'admin' });
    await waitFor(() => receivers[0]!.receipts.some((r) => r.sid === 'sid-dup'));
    const rows = (await app.pitboss.logout.outbox.list({ limit: 100 })).filter((r) => r.sid === 'sid-dup');
    expect(rows).toHaveLength(1);
  });
});
