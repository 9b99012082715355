import { createAccountStore } from '../adapters/postgres/account-store.ts';
import { createClientStore } from '../adapters/postgres/client-store.ts';
import { openDatabase } from '../adapters/postgres/database.ts';
import { migrate } from '../adapters/postgres/migrate.ts';
import { REDIRECT_URI } from '../test/helpers/oidc-flow.ts';

export interface Credentials {
  email: string;
  password: string;
}

/** What the scenarios need: players to log in, an RP for code + refresh, a service for client_credentials. */
export interface Seed {
  players: Credentials[];
  rp: { clientId: string; clientSecret: string };
  service: { clientId: string; clientSecret: string };
}

export const RP_SCOPE = 'openid email offline_access';

/** Migrates the run's database and registers players and clients (the same ids serve both Pitboss servers). */
export async function seedDatabase(databaseUrl: string, playerCount: number): Promise<Seed> {
  const database = await openDatabase({ url: databaseUrl, dataDir: '' });
  try {
    await migrate(database.pool);
    const accounts = createAccountStore(database.pool);
    const clients = createClientStore(database.pool);
    const players = Array.from({ length: playerCount }, (_, i) => ({
      email: `player-${i}@bench.example`,
      password: `bench password ${i} correct horse`,
    }));
    await Promise.all(players.map((p) => accounts.create(p)));
    const rp = await clients.create({
      name: 'Bench Studio',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: RP_SCOPE,
    });
    const service = await clients.create({
      name: 'Bench Service',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scope: 'openid',
    });
    return {
      players,
      rp: { clientId: rp.clientId, clientSecret: rp.clientSecret! },
      service: { clientId: service.clientId, clientSecret: service.clientSecret! },
    };
  } finally {
    await database.close();
  }
}

/** The same clients in the bare quick-start's static `clients` format (plaintext secrets, as it expects). */
export function baselineClients(seed: Seed): object[] {
  return [
    {
      client_id: seed.rp.clientId,
      client_secret: seed.rp.clientSecret,
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      scope: RP_SCOPE,
    },
    {
      client_id: seed.service.clientId,
      client_secret: seed.service.clientSecret,
      redirect_uris: [],
      response_types: [],
      grant_types: ['client_credentials'],
      scope: 'openid',
    },
  ];
}
