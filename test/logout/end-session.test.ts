import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { type Receiver, startReceiver, waitFor } from './receiver.ts';

const LOGGED_OUT = 'http://127.0.0.1:8765/logged-out';

describe('RP-initiated logout goes through the outbox', () => {
  let app: RunningPitboss;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'leaving@example.com', password: 'leaving password 1' };
  const rps: { receiver: Receiver; config: client.Configuration; clientId: string }[] = [];

  beforeAll(async () => {
    app = await startTestPitboss();
    cleanups.push(() => app.close());
    await app.pitboss.accounts.create(player);
    for (const name of ['Slots Studio', 'Poker Studio']) {
      let clientId = '';
      const receiver = await startReceiver({ issuer: app.url, clientId: () => clientId });
      cleanups.unshift(() => receiver.close());
      const created = await app.pitboss.clients.create({
        name,
        redirectUris: [REDIRECT_URI],
        postLogoutRedirectUris: [LOGGED_OUT],
        backchannelLogoutUri: receiver.url,
      });
      clientId = created.clientId;
      rps.push({ receiver, clientId, config: await discover(app.url, clientId, created.clientSecret) });
    }
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('still advertises back-channel logout with sessions', async () => {
    const metadata = rps[0]!.config.serverMetadata();
    expect(metadata.backchannel_logout_supported).toBe(true);
    expect(metadata.backchannel_logout_session_supported).toBe(true);
  });

  it('sends each RP of the session exactly one valid logout token with its sid', async () => {
    const agent = new UserAgent();
    const first = await login(rps[0]!.config, player, { agent });
    const second = await login(rps[1]!.config, player, { agent });
    const endUrl = client.buildEndSessionUrl(rps[0]!.config, {
      id_token_hint: first.tokens.id_token!,
      post_logout_redirect_uri: LOGGED_OUT,
    });
    const confirm = await agent.follow(endUrl.href, LOGGED_OUT);
    const page = await confirm.res.text();
    const xsrf = page.match(/name="xsrf" value="([^"]+)"/)![1]!;
    const action = page.match(/action="([^"]+)"/)![1]!;
    const done = await agent.follow(new URL(action, app.url).href, LOGGED_OUT, {
      form: { xsrf, logout: 'yes' },
    });
    expect(done.url).toBe(LOGGED_OUT);
    // Acknowledged means enqueued: the rows exist as soon as the logout answered.
    const rows = await app.pitboss.logout.outbox.list({});
    expect(rows.map((r) => r.reason)).toEqual(['logout', 'logout']);

    await waitFor(() => rps.every((rp) => rp.receiver.receipts.length === 1));
    const sids = [first.tokens.claims()!.sid, second.tokens.claims()!.sid];
    rps.forEach((rp, i) => {
      const receipt = rp.receiver.receipts[0]!;
      expect(receipt.sub).toBe(first.tokens.claims()!.sub);
      expect(receipt.sid).toBeDefined();
      expect(receipt.sid).toBe(sids[i]);
      expect(receipt.jti).toBe(rows.find((r) => r.clientId === rp.clientId)!.jti);
    });
    // No second, fire-and-forget token from the library: give it time to show up if it existed.
    await new Promise((r) => setTimeout(r, 300));
    for (const rp of rps) expect(rp.receiver.hits).toHaveLength(1);
  });
});
