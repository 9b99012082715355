import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { adminFixture } from './admin-fixture.ts';

type Fixture = Awaited<ReturnType<typeof adminFixture>>;

describe('admin API over the session index and terminator', () => {
  let f: Fixture;
  let service: string;
  let b: RunningPitboss;
  let rpB: client.Configuration;
  beforeAll(async () => {
    f = await adminFixture();
    service = await f.serviceToken();
    // A second instance behind the same issuer, sharing Postgres and Redis (as behind a load balancer).
    b = await startPitboss({ ...f.stores, env: { ISSUER: f.app.url } });
    rpB = new client.Configuration(
      {
        ...(f.rp.serverMetadata() as client.ServerMetadata),
        introspection_endpoint: `${b.url}/token/introspection`,
      },
      f.rp.clientMetadata().client_id,
      f.rp.clientMetadata().client_secret as string,
    );
    client.allowInsecureRequests(rpB);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await f?.close();
  });

  it('lists each session with its real user agent and IP; list -> DELETE round-trips', async () => {
    const player = await f.newPlayer('device');
    await login(f.rp, player, { agent: new UserAgent('Mozilla/5.0 (Pit boss test phone)') });
    const page = await (await f.api(service, `/users/${player.id}/sessions`)).json();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ userAgent: 'Mozilla/5.0 (Pit boss test phone)', amr: ['pwd'] });
    expect(page.items[0].ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    const res = await f.api(service, `/sessions/${encodeURIComponent(page.items[0].id)}`, {
      method: 'DELETE',
    });
    expect(await res.json()).toEqual({ ended: { sessions: 1, grants: 1, logouts: [] } });
    expect((await (await f.api(service, `/users/${player.id}/sessions`)).json()).total).toBe(0);
  });

  it('RP-initiated logout ends the offline grant with its session; the refresh token is refused', async () => {
    const player = await f.newPlayer('offline');
    const agent = new UserAgent();
    const { tokens } = await login(f.rp, player, { agent });
    const endUrl = client.buildEndSessionUrl(f.rp, { id_token_hint: tokens.id_token! });
    const confirm = await agent.follow(endUrl.href, 'http://unused.invalid/');
    const form = await confirm.res.text();
    const xsrf = form.match(/name="xsrf" value="([^"]+)"/)![1]!;
    const action = new URL(form.match(/action="([^"]+)"/)![1]!, f.app.url).href;
    await agent.follow(action, 'http://unused.invalid/', { form: { xsrf, logout: 'yes' } });
    expect((await (await f.api(service, `/users/${player.id}/sessions`)).json()).total).toBe(0);
    expect((await (await f.api(service, `/users/${player.id}/grants`)).json()).total).toBe(0);
    expect(await f.active(tokens.refresh_token!)).toBe(false);
    await expect(client.refreshTokenGrant(f.rp, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('DELETE /users/:id/sessions also revokes an offline grant whose session record already lapsed', async () => {
    const player = await f.newPlayer('lapsed');
    const { tokens } = await login(f.rp, player);
    // The Session record vanishes as if its TTL ran out unseen; its offline grant (refresh token) lives on.
    const [info] = await f.app.pitboss.sessionIndex.list(player.id);
    await f.app.pitboss.stores.tokenStore('Session').destroy(info!.sessionId);
    expect(await f.active(tokens.refresh_token!)).toBe(true);

    const res = await f.api(service, `/users/${player.id}/sessions`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ ended: { sessions: 0, grants: 1, logouts: [] } });
    expect(await f.active(tokens.refresh_token!)).toBe(false);
    await expect(client.refreshTokenGrant(f.rp, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await (await f.api(service, `/users/${player.id}/grants`)).json()).total).toBe(0);
  });

  it('disable through the API kills the old access token on a second instance at once', async () => {
    const player = await f.newPlayer('disable-b');
    const { tokens } = await login(f.rp, player);
    // B has read (and cached) the account's session state before the disable.
    expect((await client.tokenIntrospection(rpB, tokens.access_token)).active).toBe(true);
    expect((await b.pitboss.sessions.versions.current(player.id))?.status).toBe('active');
    const res = await f.api(service, `/users/${player.id}/disable`, {
      method: 'POST',
      body: { reason: 'chargeback fraud' },
    });
    expect(await res.json()).toMatchObject({
      user: { status: 'disabled' },
      ended: { sessions: 1, grants: 1 },
    });
    expect((await client.tokenIntrospection(rpB, tokens.access_token)).active).toBe(false);
    // Every instance reads the bumped version from the shared cache, not a stale copy.
    const state = await b.pitboss.sessions.versions.current(player.id);
    expect(state).toMatchObject({ status: 'disabled' });
    expect(state!.notBefore).toBeGreaterThanOrEqual(tokens.claims()!.auth_time!);
  });
});
