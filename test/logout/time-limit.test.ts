import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { type Receiver, startReceiver, waitFor } from './receiver.ts';

interface SessionModel {
  loginTs: number;
  save(ttl: number): Promise<unknown>;
}

describe('session time limit -> back-channel logout', () => {
  let app: RunningPitboss;
  let receiver: Receiver;
  let clientId = '';
  let clientSecret: string | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'limited@example.com', password: 'limited password 1' };

  beforeAll(async () => {
    const db = await testDatabase();
    const redis = await testRedis();
    // Idle and absolute far away: only the time limit can end this session within the test.
    app = await startPitboss({ database: db, redis: redis.redis, prefix: redis.prefix });
    receiver = await startReceiver({ issuer: app.url, clientId: () => clientId });
    cleanups.push(
      () => receiver.close(),
      () => app.close(),
      () => redis.close(),
      () => db.close(),
    );
    const created = await app.pitboss.clients.create({
      name: 'Slots Studio',
      redirectUris: [REDIRECT_URI],
      backchannelLogoutUri: receiver.url,
    });
    clientId = created.clientId;
    clientSecret = created.clientSecret;
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('ends the session when the limit passes and sends its RP a logout token for that sid', async () => {
    const account = await app.pitboss.accounts.create(player);
    // The limit is in whole minutes (as `pitboss user limit` sets it): 1 minute.
    await app.pitboss.sessions.versions.setLimit(account.id, 1);
    const rp = await discover(app.url, clientId, clientSecret);
    const { tokens } = await login(rp, player);
    const sid = tokens.claims()!.sid;
    expect(sid).toBeDefined();

    // Play the session as if signed in 57 s ago, rather than wait a minute: the save re-tracks its expiry.
    const provider = app.pitboss.live.current();
    const accessToken = await provider.AccessToken.find(tokens.access_token);
    const session = (await provider.Session.findByUid(accessToken!.sessionUid!)) as unknown as SessionModel;
    session.loginTs -= 57;
    await session.save(600);
    expect(receiver.receipts).toHaveLength(0);

    await waitFor(() => receiver.receipts.length === 1, 20_000);
    expect(receiver.receipts[0]).toMatchObject({ sid, sub: account.id });
    const [row] = await app.pitboss.logout.outbox.list({});
    expect(row).toMatchObject({ reason: 'time_limit', sid, clientId, status: 'delivered' });
  });
});
