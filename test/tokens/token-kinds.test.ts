import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecord } from '../../adapters/redis/record-format.ts';
import { registerRp, startTestPitboss, type TestPitboss, type TestRp } from '../helpers/app.ts';
import { login } from '../helpers/oidc-flow.ts';
import { readRecord } from '../helpers/redis-records.ts';

/**
 * Each token kind has its own id length (server/provider/token-kinds.ts), so introspection and revocation
 * read one record instead of one per kind; ids of the earlier common length (43) still work as every kind.
 */
describe('token kinds by id length (Redis store)', () => {
  let app: TestPitboss;
  let rp: TestRp;
  let redis: Redis;
  let prefix: string;
  let n = 0;

  beforeAll(async () => {
    app = await startTestPitboss();
    redis = app.redis!.redis;
    prefix = app.redis!.prefix;
    rp = await registerRp(app, {
      name: 'Kinds Studio',
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      scope: 'openid email offline_access',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(rp.clientId)}:${encodeURIComponent(rp.clientSecret!)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const introspect = async (token: string, hint?: string) =>
    (await post('/token/introspection', { token, ...(hint && { token_type_hint: hint }) })).body;
  const userinfo = (token: string) =>
    fetch(`${app.url}/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

  /** A fresh player's access and refresh token, and a client_credentials token. */
  async function issue() {
    const player = { email: `kinds-${Date.now()}-${n++}@example.com`, password: 'a long enough pw 1' };
    await app.pitboss.accounts.create(player);
    const { tokens } = await login(rp.config, player, { scope: 'openid email offline_access' });
    const cc = await post('/token', { grant_type: 'client_credentials' });
    expect(cc.status).toBe(200);
    return {
      AccessToken: tokens.access_token,
      RefreshToken: tokens.refresh_token!,
      ClientCredentials: String(cc.body.access_token),
    };
  }

  /** Copies a token's record to a fresh id of the legacy length, as a token issued before the change. */
  async function legacyCopy(kind: string, token: string): Promise<string> {
    const record = await readRecord(redis, `${prefix}${kind}:{${token}}`);
    const ttl = await redis.pttl(`${prefix}${kind}:{${token}}`);
    const id = randomBytes(33).toString('base64url').slice(0, 43);
    const payload = { ...record!.payload, jti: id };
    await redis.set(`${prefix}${kind}:{${id}}`, encodeRecord(payload, record!.consumed), 'PX', ttl);
    return id;
  }

  const kindLengths = { AccessToken: 44, ClientCredentials: 45, RefreshToken: 46 };

  /** What introspection says of each kind: refresh tokens have no token_type, client credentials no subject. */
  const kindOf = (body: Record<string, unknown>) =>
    body.active !== true
      ? 'inactive'
      : body.token_type === 'Bearer'
        ? body.sub === undefined
          ? 'ClientCredentials'
          : 'AccessToken'
        : body.token_type === undefined && typeof body.sub === 'string'
          ? 'RefreshToken'
          : 'unknown';
  const hints = [undefined, 'access_token', 'refresh_token'];

  it('issues each kind with its own length, each of at least 256 bits', async () => {
    const tokens = await issue();
    expect(tokens.AccessToken).toMatch(/^[\w-]{44}$/);
    expect(tokens.ClientCredentials).toMatch(/^[\w-]{45}$/);
    expect(tokens.RefreshToken).toMatch(/^[\w-]{46}$/);
  });

  it('introspects each kind as active and as its own kind, with and without token_type_hint', async () => {
    const tokens = await issue();
    for (const [kind, token] of Object.entries(tokens)) {
      for (const hint of hints) {
        const body = await introspect(token, hint);
        expect(kindOf(body), `${kind} hint ${hint}`).toBe(kind);
        expect(body.client_id).toBe(rp.clientId);
      }
    }
  });

  it('refuses a refresh token presented as an access token', async () => {
    const tokens = await issue();
    expect(await userinfo(tokens.AccessToken)).toBe(200);
    expect(await userinfo(tokens.RefreshToken)).toBe(401);
    expect(await userinfo(tokens.ClientCredentials)).toBe(401); // no subject: not a userinfo token either
  });

  it('finds tokens of the legacy 43-character length as every kind (issued before the change)', async () => {
    const tokens = await issue();
    for (const [kind, token] of Object.entries(tokens)) {
      const legacy = await legacyCopy(kind, token);
      for (const hint of hints)
        expect(kindOf(await introspect(legacy, hint)), `${kind} hint ${hint}`).toBe(kind);
    }
    const legacyAccess = await legacyCopy('AccessToken', tokens.AccessToken);
    expect(await userinfo(legacyAccess)).toBe(200);
    // A legacy refresh token still rotates, into a token of the new length.
    const legacyRefresh = await legacyCopy('RefreshToken', tokens.RefreshToken);
    const rotated = await post('/token', { grant_type: 'refresh_token', refresh_token: legacyRefresh });
    expect(rotated.status).toBe(200);
    expect(String(rotated.body.refresh_token)).toHaveLength(46);
    expect(await introspect(legacyRefresh)).toEqual({ active: false });
  });

  it('revokes each kind', async () => {
    const tokens = await issue();
    for (const [kind, token] of Object.entries(tokens)) {
      expect((await post('/token/revocation', { token })).status, kind).toBe(200);
      expect(await introspect(token), kind).toEqual({ active: false });
    }
  });

  it('introspection reads 3 records from Redis (the token, its grant, the session version); revocation one token record', async () => {
    const tokens = await issue();
    const monitor = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
    const seen: string[][] = [];
    try {
      const feed = await monitor.monitor();
      feed.on('monitor', (_time: string, args: string[]) => {
        // Record reads only: the instance's sweepers scan their schedules meanwhile.
        if (args[0]?.toLowerCase() === 'get' && args[1]?.startsWith(prefix)) seen.push(args);
      });
      for (const [kind, token] of Object.entries(tokens)) {
        seen.length = 0;
        const body = await introspect(token);
        expect(body.active, kind).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const keys = seen.map((args) => `get ${args[1]!.slice(prefix.length).replace(/\{.*\}/, '{}')}`);
        const expected =
          kind === 'ClientCredentials'
            ? ['get ClientCredentials:{}'] // no grant, no account
            : [`get ${kind}:{}`, 'get Grant:{}', 'get ver:{}'];
        expect(keys.sort(), kind).toEqual(expected.sort());
      }
      // Revocation looks the token up the same way: only records of its own kind are read.
      for (const [kind, token] of Object.entries(tokens)) {
        seen.length = 0;
        expect((await post('/token/revocation', { token })).status, kind).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const tokenReads = seen
          .map((args) => args[1]!.slice(prefix.length).split(':')[0])
          .filter((model) => model in kindLengths);
        expect(new Set(tokenReads), kind).toEqual(new Set([kind]));
      }
      feed.disconnect();
    } finally {
      monitor.disconnect();
    }
  });
});
