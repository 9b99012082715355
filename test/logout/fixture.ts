import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { type Receiver, startReceiver } from './receiver.ts';

/** One app on a fresh schema and Redis prefix, a real back-channel receiver, and (by default) an RP using it. */
export interface LogoutFixture {
  app: RunningPitboss;
  db: Awaited<ReturnType<typeof testDatabase>>;
  receiver: Receiver;
  /** The RP the receiver verifies tokens for; set it when registering the client yourself. */
  clientId: string;
  clientSecret: string | undefined;
  close(): Promise<void>;
}

/** Starts a LogoutFixture; `register: false` leaves registering the RP to the test. */
export async function startLogoutFixture(
  options: { env?: Record<string, string>; register?: boolean } = {},
): Promise<LogoutFixture> {
  const db = await testDatabase();
  const redis = await testRedis();
  const app = await startPitboss({
    database: db,
    redis: redis.redis,
    prefix: redis.prefix,
    env: options.env,
  });
  const fixture: LogoutFixture = {
    app,
    db,
    receiver: await startReceiver({ issuer: app.url, clientId: () => fixture.clientId }),
    clientId: '',
    clientSecret: undefined,
    async close() {
      await fixture.receiver.close();
      await app.close();
      await redis.close();
      await db.close();
    },
  };
  if (options.register !== false) {
    const created = await app.pitboss.clients.create({
      name: 'Roulette Studio',
      redirectUris: [REDIRECT_URI],
      backchannelLogoutUri: fixture.receiver.url,
    });
    fixture.clientId = created.clientId;
    fixture.clientSecret = created.clientSecret;
  }
  return fixture;
}
