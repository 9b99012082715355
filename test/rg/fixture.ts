import type * as client from 'openid-client';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { UserAgent } from '../helpers/user-agent.ts';
import { type Receiver, startReceiver } from '../logout/receiver.ts';

/** One RP: its openid-client configuration and a real back-channel receiver verifying its logout tokens. */
export interface Rp {
  clientId: string;
  clientSecret: string;
  config: client.Configuration;
  receiver: Receiver;
}

export interface RgFixture {
  /** First instance (and, with Redis, `b` a second one on the same Redis and schema; on memory `b` is `a`). */
  a: RunningPitboss;
  b: RunningPitboss;
  db: Awaited<ReturnType<typeof testDatabase>>;
  /** The Redis key prefix of this fixture (undefined on the memory store). */
  prefix: string | undefined;
  /** First-party lobby (allowed scope rg) and a third-party studio (no rg). */
  lobby: Rp;
  studio: Rp;
  close(): Promise<void>;
}

/** Two instances on one Redis (or one instance on the embedded memory store) with a lobby and a studio RP. */
export async function startRgFixture(options: { redis?: boolean; env?: Record<string, string> } = {}) {
  const db = await testDatabase();
  const redis = options.redis === false ? undefined : await testRedis();
  const a = await startPitboss({
    database: db,
    redis: redis?.redis,
    prefix: redis?.prefix,
    env: options.env,
  });
  const b = redis
    ? await startPitboss({
        database: db,
        redis: redis.redis,
        prefix: redis.prefix,
        env: { ...options.env, ISSUER: a.url },
      })
    : a;
  const rp = async (name: string, scope: string, firstParty = false): Promise<Rp> => {
    let clientId = '';
    const receiver = await startReceiver({ issuer: a.url, clientId: () => clientId });
    const created = await a.pitboss.clients.create({
      name,
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      scope,
      firstParty,
      backchannelLogoutUri: receiver.url,
    });
    clientId = created.clientId;
    return {
      clientId,
      clientSecret: created.clientSecret!,
      receiver,
      config: await discover(a.url, created.clientId, created.clientSecret),
    };
  };
  const lobby = await rp('Lobby', 'openid email offline_access rg', true);
  const studio = await rp('Roulette Studio', 'openid email offline_access');
  const fixture: RgFixture = {
    a,
    b,
    db,
    prefix: redis?.prefix,
    lobby,
    studio,
    async close() {
      await lobby.receiver.close();
      await studio.receiver.close();
      if (b !== a) await b.close();
      await a.close();
      await redis?.close();
      await db.close();
    },
  };
  return fixture;
}

let counter = 0;

/** A fresh player signed in to the lobby (scope rg) and the studio in one browser session. */
export async function playerInBoth(f: RgFixture) {
  const player = { email: `rg${Date.now()}-${counter++}@example.com`, password: 'a long enough pw 1' };
  const account = await f.a.pitboss.accounts.create(player);
  const agent = new UserAgent();
  const lobby = await login(f.lobby.config, player, { agent, scope: 'openid email offline_access rg' });
  const studio = await login(f.studio.config, player, { agent });
  return { player, account, agent, lobby: lobby.tokens, studio: studio.tokens };
}

/** A JSON call to the player API with a bearer token. */
export async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as Record<string, any>,
    headers: res.headers,
  };
}

/** A raw refresh_token grant as the RP (client_secret_basic): status and JSON body, whatever the status. */
export async function rawRefresh(base: string, rp: Rp, refreshToken: string) {
  const res = await fetch(`${base}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${rp.clientId}:${rp.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, string>,
    retryAfter: res.headers.get('retry-after'),
  };
}

interface SessionModel {
  loginTs: number;
  save(ttl: number): Promise<unknown>;
}

/** Plays the session as if signed in `seconds` ago (instead of waiting); the save re-plans its events. */
export async function ageSession(f: RgFixture, accessToken: string, seconds: number) {
  const provider = f.a.pitboss.live.current();
  const token = await provider.AccessToken.find(accessToken);
  const session = (await provider.Session.findByUid(token!.sessionUid!)) as unknown as SessionModel;
  session.loginTs -= seconds;
  await session.save(600);
  return session.loginTs;
}
