import { createAccountStore } from '../adapters/postgres/account-store.ts';
import { createClientStore } from '../adapters/postgres/client-store.ts';
import { openDatabase } from '../adapters/postgres/database.ts';
import { createMfaStore } from '../adapters/postgres/mfa-store.ts';
import { migrate } from '../adapters/postgres/migrate.ts';
import { backchannelUriPolicy } from '../server/logout/backchannel-uri-policy.ts';
import { sealSecret } from '../server/mfa/secret-box.ts';
import { newTotpSecret } from '../server/mfa/totp.ts';
import { REDIRECT_URI } from '../test/helpers/oidc-flow.ts';

export interface Credentials {
  id: string;
  email: string;
  password: string;
}

type ClientCredentials = { clientId: string; clientSecret: string };

/** What the scenarios need: players (some with TOTP), RPs, a service and an admin service client. */
export interface Seed {
  players: Credentials[];
  /** Players used only by the end-all-sessions scenario (one per round, no other sessions). */
  logoutPlayers: Credentials[];
  /** Players enrolled in TOTP; each signs in at most once per server (codes are single use). */
  mfaPlayers: (Credentials & { secret: string })[];
  rp: ClientCredentials;
  service: ClientCredentials;
  /** client_credentials with scope admin, for the admin API. */
  admin: ClientCredentials;
  /** Ten studios with back-channel logout URIs (end-all-sessions scenario). */
  studios: ClientCredentials[];
}

export const RP_SCOPE = 'openid email offline_access';

export interface SeedOptions {
  players: number;
  logoutPlayers: number;
  mfaPlayers: number;
  mfaKey: Buffer;
  /** Back-channel logout URI of each studio. */
  studioLogoutUris: string[];
}

/** Migrates the run's database and registers players and clients (the same ids serve both Pitboss servers). */
export async function seedDatabase(databaseUrl: string, options: SeedOptions): Promise<Seed> {
  const database = await openDatabase({ url: databaseUrl, dataDir: '' });
  try {
    await migrate(database.pool);
    const accounts = createAccountStore(database.pool);
    // The studios' back-channel receivers run on loopback next to the servers (local issuer).
    const clients = createClientStore(
      database.pool,
      backchannelUriPolicy({ NODE_ENV: 'production', ISSUER: 'http://localhost' }),
    );
    const mfa = createMfaStore(database.pool);
    const create = async (email: string, password: string) => ({
      id: (await accounts.create({ email, password })).id,
      email,
      password,
    });
    const players = await Promise.all(
      Array.from({ length: options.players }, (_, i) =>
        create(`player-${i}@bench.example`, `bench pw ${i} horse`),
      ),
    );
    const logoutPlayers = await Promise.all(
      Array.from({ length: options.logoutPlayers }, (_, i) =>
        create(`logout-player-${i}@bench.example`, `bench lo ${i} horse`),
      ),
    );
    const mfaPlayers = await Promise.all(
      Array.from({ length: options.mfaPlayers }, async (_, i) => {
        const player = await create(`mfa-player-${i}@bench.example`, `bench mfa pw ${i} horse`);
        // What `pitboss user totp` does, minus its audit event: the secret sealed with the servers' key.
        const secret = newTotpSecret();
        await mfa.setSecret(player.id, sealSecret(options.mfaKey, player.id, secret));
        return { ...player, secret };
      }),
    );
    const confidential = async (input: Parameters<typeof clients.create>[0]) => {
      const created = await clients.create(input);
      return { clientId: created.clientId, clientSecret: created.clientSecret! };
    };
    const code = {
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: RP_SCOPE,
    };
    return {
      players,
      logoutPlayers,
      mfaPlayers,
      rp: await confidential({ name: 'Bench Studio', ...code }),
      service: await confidential({
        name: 'Bench Service',
        redirectUris: [],
        grantTypes: ['client_credentials'],
        scope: 'openid',
      }),
      admin: await confidential({
        name: 'Bench Admin',
        redirectUris: [],
        grantTypes: ['client_credentials'],
        scope: 'admin',
      }),
      studios: await Promise.all(
        options.studioLogoutUris.map((uri, i) =>
          confidential({ name: `Bench Studio ${i}`, ...code, backchannelLogoutUri: uri }),
        ),
      ),
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
