import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { readRecord, writeRecord } from '../helpers/redis-records.ts';
import type { UserAgent } from '../helpers/user-agent.ts';
import { introspect, type Pair, refresh, signIn, startPair } from './fixtures.ts';

const IDLE = 3;
const ABSOLUTE = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`session timeouts (idle ${IDLE} s, absolute ${ABSOLUTE} s), status and time limit`, () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair({ SESSION_IDLE_TTL: String(IDLE), SESSION_ABSOLUTE_TTL: String(ABSOLUTE) });
  });
  afterAll(async () => {
    await pair?.close();
  });

  const status = async (baseUrl: string, token: string, method = 'GET') => {
    const path = method === 'GET' ? '/session/status' : '/session/extend';
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { res, body: (await res.json()) as Record<string, number | string | boolean> };
  };

  /** True when the browser is still signed in (an authorization request goes straight back to the RP). */
  const signedIn = async (agent: UserAgent) => {
    const url = client.buildAuthorizationUrl(pair.rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const step = await agent.follow(url.href, REDIRECT_URI);
    return step.url.startsWith(REDIRECT_URI);
  };

  it('reports idle and absolute expiry; extend slides idle but never past absolute', async () => {
    const { tokens, account } = await signIn(pair);
    const first = await status(pair.b.url, tokens.access_token);
    expect(first.res.status).toBe(200);
    const [indexed] = await pair.a.pitboss.sessionIndex.list(account.id);
    expect(first.body.session_id).toBe(indexed!.uid);
    const now = Number(first.body.now);
    expect(Number(first.body.idle_expires_at)).toBeGreaterThan(now);
    expect(Number(first.body.idle_expires_at)).toBeLessThanOrEqual(now + IDLE);
    expect(Number(first.body.absolute_expires_at)).toBe(tokens.claims()!.auth_time! + ABSOLUTE);
    await sleep(1100);
    const extended = await status(pair.a.url, tokens.access_token, 'POST');
    expect(Number(extended.body.idle_expires_at)).toBeGreaterThan(Number(first.body.idle_expires_at));
    expect(Number(extended.body.idle_expires_at)).toBeLessThanOrEqual(Number(first.body.absolute_expires_at));
  });

  it('answers 401 with WWW-Authenticate for a bad token', async () => {
    const res = await fetch(`${pair.a.url}/session/status`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect((await fetch(`${pair.a.url}/session/status`)).status).toBe(401);
  });

  it('idle timeout signs the browser out; activity keeps it until the absolute end', async () => {
    const idle = await signIn(pair);
    const active = await signIn(pair);
    // One browser idles; the other is active every second until past the absolute lifetime.
    const idleCheck = (async () => {
      await sleep((IDLE + 1) * 1000);
      return signedIn(idle.agent);
    })();
    const seen: boolean[] = [];
    const start = active.tokens.claims()!.auth_time!;
    while (Date.now() / 1000 < start + ABSOLUTE + 1) {
      seen.push(await signedIn(active.agent));
      await sleep(900);
    }
    expect(await idleCheck).toBe(false);
    expect(seen.slice(0, 3)).toEqual([true, true, true]);
    expect(seen.at(-1)).toBe(false);
    // The absolute end went through the terminator: the session's access token is refused, not just inactive.
    await expect
      .poll(async () => (await status(pair.a.url, active.tokens.access_token)).res.status, { timeout: 5000 })
      .toBe(401);
  });

  it('a client with shorter overrides gets shorter refresh tokens', async () => {
    const created = await pair.a.pitboss.clients.create({
      name: 'Wallet',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      scope: 'openid offline_access',
      sessionAbsoluteTtl: 30,
    });
    const metadata = await pair.a.pitboss.clients.findMetadata(created.clientId);
    expect(metadata).toMatchObject({ session_absolute_ttl: 30 });
    const { tokens, player } = await signIn(pair);
    const pttl = (t: string) => pair.redis.pttl(`${pair.prefix}RefreshToken:{${t}}`);
    expect(await pttl(tokens.refresh_token!)).toBeGreaterThan(60_000); // default: REFRESH_TOKEN_TTL
    const walletRp = await discover(pair.a.url, created.clientId, created.clientSecret);
    const wallet = await login(walletRp, player, { scope: 'openid offline_access' });
    expect(await pttl(wallet.tokens.refresh_token!)).toBeLessThanOrEqual(30_000);
  });

  it('a session time limit ends sessions and tokens once reached', async () => {
    const { tokens, account } = await signIn(pair);
    await pair.a.pitboss.commands.setLimits(account.id, { sessionMinutes: 1 }, { surface: 'system' });
    expect((await introspect(pair, pair.b.url, tokens.access_token)).active).toBe(true);
    // Age the login by two minutes instead of waiting for the limit.
    const key = `${pair.prefix}RefreshToken:{${tokens.refresh_token}}`;
    const record = (await readRecord(pair.redis, key))!;
    (record.payload.authTime as number) -= 120;
    await writeRecord(pair.redis, key, record);
    expect((await refresh(pair, pair.b.url, tokens.refresh_token!)).body.error).toBe('invalid_grant');
    await pair.a.pitboss.commands.setLimits(account.id, { sessionMinutes: null }, { surface: 'system' });
  });
});
