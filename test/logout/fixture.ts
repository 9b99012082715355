import { registerRp, startTestPitboss, type TestPitboss } from '../helpers/app.ts';
import { type Receiver, startReceiver } from './receiver.ts';

/** One app on a fresh schema and Redis prefix, a real back-channel receiver, and (by default) an RP using it. */
export interface LogoutFixture {
  app: TestPitboss;
  db: TestPitboss['db'];
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
  const app = await startTestPitboss({ env: options.env });
  if (options.register !== false) {
    const rp = await registerRp(app, { name: 'Roulette Studio', backchannel: true });
    return {
      app,
      db: app.db,
      receiver: rp.receiver!,
      clientId: rp.clientId,
      clientSecret: rp.clientSecret,
      async close() {
        await rp.close();
        await app.close();
      },
    };
  }
  const fixture: LogoutFixture = {
    app,
    db: app.db,
    receiver: await startReceiver({ issuer: app.url, clientId: () => fixture.clientId }),
    clientId: '',
    clientSecret: undefined,
    async close() {
      await fixture.receiver.close();
      await app.close();
    },
  };
  return fixture;
}
