import type { Redis } from 'ioredis';
import type * as client from 'openid-client';
import { createKeys } from '../../adapters/redis/keys.ts';
import { type RunningPitboss, registerRp, startTestPitboss, type TestPitboss } from '../helpers/app.ts';
import { login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { readRecord } from '../helpers/redis-records.ts';

export interface Pair {
  a: RunningPitboss;
  b: RunningPitboss;
  redis: Redis;
  prefix: string;
  db: TestPitboss['db'];
  clientId: string;
  clientSecret: string;
  rp: client.Configuration;
  close(): Promise<void>;
}

/** Two instances (same issuer, as behind a load balancer) sharing one Postgres schema and one Redis prefix. */
export async function startPair(env: Record<string, string> = {}): Promise<Pair> {
  const app = await startTestPitboss({ instances: 2, env });
  const studio = await registerRp(app, {
    name: 'Session Studio',
    grantTypes: ['authorization_code', 'refresh_token'],
    scope: 'openid email offline_access',
  });
  return {
    a: app,
    b: app.others[0]!,
    redis: app.redis!.redis,
    prefix: app.redis!.prefix,
    db: app.db,
    clientId: studio.clientId,
    clientSecret: studio.clientSecret!,
    rp: studio.config,
    close: () => app.close(),
  };
}

let counter = 0;

/** Creates a fresh player on the pair and signs in through the real pages; returns tokens and agent. */
export async function signIn(pair: Pair, email?: string) {
  const player = {
    email: email ?? `p${Date.now()}-${counter++}@example.com`,
    password: 'a long enough pw 1',
  };
  const existing = await pair.a.pitboss.accounts.findByEmail(player.email);
  const account = existing ?? (await pair.a.pitboss.accounts.create(player));
  const { tokens, agent } = await login(pair.rp, player);
  return { player, account, tokens, agent };
}

/** A raw token-endpoint POST (client_secret_basic) returning status and JSON body. */
export async function tokenRequest(pair: Pair, baseUrl: string, form: Record<string, string>) {
  const res = await postAsClient(pair, `${baseUrl}/token`, form);
  return res as { status: number; body: Record<string, string | number | undefined> };
}

/** refresh_token grant against one instance. */
export const refresh = (pair: Pair, baseUrl: string, refreshToken: string) =>
  tokenRequest(pair, baseUrl, { grant_type: 'refresh_token', refresh_token: refreshToken });

/** Introspection by the client, against one instance. */
export async function introspect(pair: Pair, baseUrl: string, token: string) {
  const res = await postAsClient(pair, `${baseUrl}/token/introspection`, { token });
  return res.body as { active: boolean } & Record<string, unknown>;
}

/** A form POST authenticated as the pair's confidential client. */
export async function postAsClient(pair: Pair, url: string, form: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(pair.clientId)}:${encodeURIComponent(pair.clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The grant a refresh token belongs to, read from its Redis record (opaque token value = record id). */
export async function grantOf(pair: Pair, refreshToken: string): Promise<string> {
  const record = await readRecord(pair.redis, `${pair.prefix}RefreshToken:{${refreshToken}}`);
  return (record!.payload as { grantId: string }).grantId;
}

/** Refresh tokens of a grant that exist and are not consumed (what could still be exchanged). */
export async function liveRefreshTokens(pair: Pair, grantId: string): Promise<string[]> {
  const keys = createKeys(pair.prefix);
  const members = await pair.redis.zrange(keys.grantIndex(grantId), 0, -1);
  const live: string[] = [];
  const named = members.map((m) => keys.memberKey(grantId, m) ?? '');
  for (const key of named.filter((k) => k.includes(':RefreshToken:'))) {
    const record = await readRecord(pair.redis, key);
    if (record && record.consumed === undefined) live.push(key);
  }
  return live;
}

/** Signs in through the real pages and stops at the RP callback: the authorization code, not yet redeemed. */
export async function authorizationCode(pair: Pair, player: { email: string; password: string }) {
  const { randomPKCECodeVerifier, calculatePKCECodeChallenge, buildAuthorizationUrl } = await import(
    'openid-client'
  );
  const { formAction, hiddenInput, UserAgent } = await import('../helpers/user-agent.ts');
  const agent = new UserAgent();
  const verifier = randomPKCECodeVerifier();
  const url = buildAuthorizationUrl(pair.rp, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid email offline_access',
    code_challenge: await calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    prompt: 'consent',
  });
  let step = await agent.follow(url.href, REDIRECT_URI);
  let page = await step.res.text();
  step = await agent.follow(new URL(formAction(page, 'Sign in'), step.url).href, REDIRECT_URI, {
    form: { csrf: hiddenInput(page, 'csrf'), ...player },
  });
  page = await step.res.text();
  step = await agent.follow(new URL(formAction(page, 'Allow'), step.url).href, REDIRECT_URI, {
    form: { csrf: hiddenInput(page, 'csrf') },
  });
  const code = new URL(step.url).searchParams.get('code')!;
  return { code, verifier, agent };
}
