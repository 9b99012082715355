import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, login } from '../helpers/oidc-flow.ts';
import { type LogoutFixture, startLogoutFixture } from './fixture.ts';
import { waitFor } from './receiver.ts';

interface SessionModel {
  loginTs: number;
  save(ttl: number): Promise<unknown>;
}

describe('session time limit -> back-channel logout', () => {
  let f: LogoutFixture;
  const player = { email: 'limited@example.com', password: 'limited password 1' };

  // Idle and absolute timeouts at their defaults: only the time limit can end this session within the test.
  beforeAll(async () => {
    f = await startLogoutFixture();
  });
  afterAll(() => f?.close());

  it('ends the session when the limit passes and sends its RP a logout token for that sid', async () => {
    const account = await f.app.pitboss.accounts.create(player);
    // The limit is in whole minutes (as `pitboss user limit` sets it): 1 minute.
    await f.app.pitboss.commands.setLimits(account.id, { sessionMinutes: 1 }, { surface: 'system' });
    const { tokens } = await login(await discover(f.app.url, f.clientId, f.clientSecret), player);
    const sid = tokens.claims()!.sid;
    expect(sid).toBeDefined();

    // Play the session as if signed in 57 s ago, rather than wait a minute: the save re-tracks its expiry.
    const provider = f.app.pitboss.live.current();
    const accessToken = await provider.AccessToken.find(tokens.access_token);
    const session = (await provider.Session.findByUid(accessToken!.sessionUid!)) as unknown as SessionModel;
    session.loginTs -= 57;
    await session.save(600);
    expect(f.receiver.receipts).toHaveLength(0);

    await waitFor(() => f.receiver.receipts.length === 1, 20_000);
    expect(f.receiver.receipts[0]).toMatchObject({ sid, sub: account.id });
    // The row is settled just after the receiver answers: wait for it rather than race it.
    await waitFor(async () => (await f.app.pitboss.logout.outbox.list({ status: 'delivered' })).length === 1);
    const rows = await f.app.pitboss.logout.outbox.list({});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: 'time_limit', sid, clientId: f.clientId, status: 'delivered' });
  });
});
