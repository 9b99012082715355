import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { type Receiver, startReceiver } from '../logout/receiver.ts';
import { adminFixture } from './admin-fixture.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

describe('admin API: enable, MFA reset, role change (account commands)', () => {
  let f: Fixture;
  let service: string;
  let support: Awaited<ReturnType<Fixture['operatorToken']>>;
  let receiver: Receiver;
  let studio: client.Configuration;
  beforeAll(async () => {
    f = await adminFixture();
    service = await f.serviceToken();
    support = await f.operatorToken('support-acts', 'support');
    let clientId = '';
    receiver = await startReceiver({ issuer: f.app.url, clientId: () => clientId });
    const created = await f.app.pitboss.clients.create({
      name: 'Slots Studio',
      redirectUris: [REDIRECT_URI],
      backchannelLogoutUri: receiver.url,
      scope: 'openid email offline_access',
    });
    clientId = created.clientId;
    studio = await discover(f.app.url, created.clientId, created.clientSecret);
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await f?.close();
  });

  const post = (token: string, path: string, body?: unknown) => f.api(token, path, { method: 'POST', body });
  const audited = async (accountId: string) => {
    await f.app.pitboss.auditPipeline.writer.drain();
    return (await (await f.api(service, `/audit?account=${accountId}&type=admin.action`)).json()).items;
  };

  it('POST /users/:id/enable: reason required, disabled accounts only (409 otherwise), sign-in works again', async () => {
    const player = await f.newPlayer('enable');
    const path = `/users/${player.id}/enable`;
    expect((await post(service, path, { reason: 'x' })).status).toBe(409); // active already
    expect((await post(service, `/users/${player.id}/disable`, { reason: 'chargeback' })).status).toBe(200);
    await expect(login(f.rp, player)).rejects.toThrow();
    const missing = await post(service, path, {});
    expect(missing.status).toBe(400);
    expect((await missing.json()).field).toBe('reason');
    expect((await post(support.token, path, { reason: 'x' })).status).toBe(403);
    expect(
      (await post(service, '/users/00000000-0000-0000-0000-000000000000/enable', { reason: 'x' })).status,
    ).toBe(404);
    const res = await post(service, path, { reason: 'chargeback reversed' });
    expect(res.status).toBe(200);
    expect((await res.json()).user).toMatchObject({ id: player.id, status: 'active' });
    const { tokens } = await login(f.rp, player);
    expect(await f.active(tokens.access_token)).toBe(true);
    expect((await audited(player.id))[0].detail).toMatchObject({
      action: 'account.enable',
      reason: 'chargeback reversed',
      surface: 'admin_api',
    });
  });

  it('enable never lifts a self-exclusion', async () => {
    const player = await f.newPlayer('excluded');
    await post(service, `/users/${player.id}/disable`, { status: 'self_excluded', reason: 'player asked' });
    const res = await post(service, `/users/${player.id}/enable`, { reason: 'trying to lift it' });
    expect(res.status).toBe(409);
    await expect(login(f.rp, player)).rejects.toThrow();
  });

  it('POST /users/:id/mfa/reset removes TOTP and recovery codes and ends every session; RPs told', async () => {
    const player = await f.newPlayer('lost-phone');
    // Signed in at a studio before enrolling, so the session is live when the reset ends it.
    const held = await login(studio, player);
    await f.app.pitboss.mfa.enrolDirect(player);
    const before = await (await f.api(service, `/users/${player.id}`)).json();
    expect(before.mfa.totp).toBe(true);
    const path = `/users/${player.id}/mfa/reset`;
    const missing = await post(service, path, {});
    expect(missing.status).toBe(400);
    expect((await missing.json()).field).toBe('reason');
    expect((await post(support.token, path, { reason: 'x' })).status).toBe(403);
    expect(
      (await post(service, '/users/00000000-0000-0000-0000-000000000000/mfa/reset', { reason: 'x' })).status,
    ).toBe(404);
    const res = await post(service, path, { reason: 'lost phone, identity checked on video call' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user.id).toBe(player.id);
    expect(body.ended).toMatchObject({ sessions: 1, grants: 1 });
    expect(body.ended.logouts).toEqual([expect.objectContaining({ clientName: 'Slots Studio' })]);
    expect(await f.active(held.tokens.access_token)).toBe(false);
    await expect(client.refreshTokenGrant(studio, held.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect.poll(() => receiver.receipts.map((r) => r.sub), { timeout: 15_000 }).toContain(player.id);
    const after = await (await f.api(service, `/users/${player.id}`)).json();
    expect(after.mfa).toMatchObject({ totp: false, recoveryCodesLeft: 0 });
    // The player signs in with the password alone now (no code asked).
    const { tokens } = await login(f.rp, player);
    expect(await f.active(tokens.access_token)).toBe(true);
    expect((await audited(player.id))[0].detail).toMatchObject({
      action: 'account.mfa_reset',
      surface: 'admin_api',
    });
  });

  it('POST /users/:id/role changes the role; the old session version dies at once', async () => {
    const op = await f.operatorToken('promoted', 'support');
    expect((await post(op.token, `/users/${op.id}/unlock`, {})).status).toBe(403);
    const bad = await post(service, `/users/${op.id}/role`, { role: 'root' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('role');
    expect((await post(support.token, `/users/${op.id}/role`, { role: 'admin' })).status).toBe(403);
    const res = await post(service, `/users/${op.id}/role`, {
      role: 'admin',
      reason: 'promoted to shift lead',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).user.roles).toEqual(['admin']);
    // A role change bumps the session version: the token minted as support no longer works.
    expect((await f.api(op.token, `/users/${op.id}`)).status).toBe(401);
    const again = await f.operatorToken('promoted-again', 'support');
    await post(service, `/users/${again.id}/role`, { role: 'none' });
    expect((await f.api(again.token, `/users/${again.id}`)).status).toBe(401);
    const detail = await (await f.api(service, `/users/${again.id}`)).json();
    expect(detail.user.roles).toEqual([]);
    expect(
      (await post(service, '/users/00000000-0000-0000-0000-000000000000/role', { role: 'none' })).status,
    ).toBe(404);
  });
});
