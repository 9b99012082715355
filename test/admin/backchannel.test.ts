import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { type Receiver, startReceiver, waitFor } from '../logout/receiver.ts';
import { adminFixture } from './admin-fixture.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

describe('admin API: back-channel logout', () => {
  let f: Fixture;
  let service: string;
  let receiver: Receiver;
  let studioId = '';
  let studio: client.Configuration;
  beforeAll(async () => {
    f = await adminFixture();
    service = await f.serviceToken();
    receiver = await startReceiver({ issuer: f.app.url, clientId: () => studioId });
    const created = await f.app.pitboss.clients.create({
      name: 'Baccarat Studio',
      redirectUris: [REDIRECT_URI],
      backchannelLogoutUri: receiver.url,
    });
    studioId = created.clientId;
    studio = await discover(f.app.url, created.clientId, created.clientSecret);
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await f?.close();
  });

  it('DELETE /users/:id/sessions sends the RP a valid logout token for the player’s sid', async () => {
    const player = await f.newPlayer('bc-player');
    const { tokens } = await login(studio, player, { agent: new UserAgent() });
    const sid = tokens.claims()!.sid as string;
    expect(sid).toBeTruthy();
    const res = await f.api(service, `/users/${player.id}/sessions`, { method: 'DELETE' });
    expect((await res.json()).ended.sessions).toBe(1);
    await waitFor(() => receiver.receipts.some((r) => r.sub === player.id), 10_000);
    const receipt = receiver.receipts.find((r) => r.sub === player.id)!;
    expect(receipt.sid).toBe(sid);
    expect(receipt.payload.aud).toBe(studioId);
  });

  it('GET /backchannel lists by status; POST retry resends a failed delivery, 409 once delivered', async () => {
    // A delivery that failed: its deadline is already past and the RP answers 503 once.
    const accountId = `bc-retry-${randomUUID()}`;
    receiver.failNext(1, 503);
    await f.app.pitboss.logout.outbox.enqueue([
      {
        clientId: studioId,
        accountId,
        sid: 'sid-retry',
        reason: 'admin',
        jti: randomUUID(),
        deadlineAt: new Date(),
      },
    ]);
    f.app.pitboss.logout.dispatcher.wake();
    const failedRow = async () => {
      const page = await (await f.api(service, '/backchannel?status=failed&limit=200')).json();
      return page.items.find((d: { accountId: string }) => d.accountId === accountId);
    };
    await waitFor(async () => (await failedRow()) !== undefined, 10_000);
    const failed = await failedRow();
    expect(failed).toMatchObject({ clientId: studioId, sid: 'sid-retry', status: 'failed', lastStatus: 503 });

    const retried = await f.api(service, `/backchannel/${failed.id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    expect(new Date((await retried.json()).deadlineAt).getTime()).toBeGreaterThan(Date.now());
    await waitFor(() => receiver.receipts.some((r) => r.sub === accountId), 10_000);
    await waitFor(
      async () =>
        (await (await f.api(service, `/backchannel?status=delivered&limit=200`)).json()).items.some(
          (d: { id: string }) => d.id === failed.id,
        ),
      10_000,
    );
    const again = await f.api(service, `/backchannel/${failed.id}/retry`, { method: 'POST' });
    expect(again.status).toBe(409);

    await f.app.pitboss.auditPipeline.writer.drain(); // the audit trail is written asynchronously
    const audit = await (await f.api(service, `/audit?account=${accountId}&type=admin.action`)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].detail).toMatchObject({ action: 'backchannel.retry', target: failed.id });
  });

  it('pages with limit/offset and nextOffset', async () => {
    const first = await (await f.api(service, '/backchannel?limit=1')).json();
    expect(first).toMatchObject({ limit: 1, offset: 0, nextOffset: 1 });
    expect(first.items).toHaveLength(1);
    const second = await (await f.api(service, '/backchannel?limit=1&offset=1')).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
    const last = await (await f.api(service, '/backchannel?limit=200')).json();
    expect(last.nextOffset).toBeNull();
  });

  it('400 on a bad status or limit, 401/403 without an admin token, 404 for an unknown delivery', async () => {
    const bad = await f.api(service, '/backchannel?status=lost');
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('status');
    expect((await f.api(service, '/backchannel?limit=0')).status).toBe(400);
    expect((await f.api(undefined, '/backchannel')).status).toBe(401);
    expect((await f.api(undefined, '/backchannel/1/retry', { method: 'POST' })).status).toBe(401);
    const reports = (await client.clientCredentialsGrant(f.noAdminRp)).access_token;
    expect((await f.api(reports, '/backchannel')).status).toBe(403);
    expect((await f.api(reports, '/backchannel/1/retry', { method: 'POST' })).status).toBe(403);
    for (const id of ['999999999', 'not-a-number']) {
      const res = await f.api(service, `/backchannel/${id}/retry`, { method: 'POST' });
      expect(res.status).toBe(404);
      expect((await res.json()).error).toBe('ERR_NOT_FOUND');
    }
  });

  it('lists both routes in the OpenAPI document', async () => {
    const doc = await (await fetch(`${f.app.url}/admin/api/openapi.json`)).json();
    expect(doc.paths['/backchannel'].get.operationId).toBe('listBackchannel');
    expect(doc.paths['/backchannel/{id}/retry'].post.operationId).toBe('retryBackchannel');
    expect(doc.paths['/audit'].get.responses['200'].content['application/json'].schema.required).toContain(
      'nextOffset',
    );
  });
});
