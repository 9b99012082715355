import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { introspect, type Pair, refresh, signIn, startPair } from './fixtures.ts';

describe('session version: a bump on one instance rejects old artefacts on the other at once', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(async () => {
    await pair?.close();
  });

  const userinfo = (baseUrl: string, accessToken: string) =>
    fetch(`${baseUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } });

  it('password change on A: refresh, introspection, userinfo and the browser session fail on B', async () => {
    const { tokens, account, agent, player } = await signIn(pair);
    expect((await introspect(pair, pair.b.url, tokens.access_token)).active).toBe(true);
    expect((await userinfo(pair.b.url, tokens.access_token)).status).toBe(200);

    await pair.a.pitboss.commands.changePassword(account.id, 'a brand new password 2', { surface: 'system' });

    expect((await introspect(pair, pair.b.url, tokens.access_token)).active).toBe(false);
    expect((await introspect(pair, pair.b.url, tokens.refresh_token!)).active).toBe(false);
    const info = await userinfo(pair.b.url, tokens.access_token);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await refresh(pair, pair.b.url, tokens.refresh_token!)).body.error).toBe('invalid_grant');

    // The browser's session cookie no longer signs it in: the next authorization request shows the login page.
    const url = client.buildAuthorizationUrl(pair.rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const step = await agent.follow(url.href.replace(pair.a.url, pair.b.url), REDIRECT_URI);
    expect(step.url.startsWith(REDIRECT_URI)).toBe(false);
    expect(await step.res.text()).toContain('>Sign in</button>');

    // A login right after the bump (same second included) is valid.
    const again = await signIn(pair, player.email).catch(() => undefined);
    expect(again).toBeUndefined(); // old password is refused
    const fresh = await signIn(pair, player.email.replace('@', '+x@'));
    expect((await introspect(pair, pair.b.url, fresh.tokens.access_token)).active).toBe(true);
  });

  it('a login in the same second as the bump stays valid', async () => {
    const { account, player } = await signIn(pair);
    await pair.a.pitboss.commands.changePassword(account.id, 'another new password 3', { surface: 'system' });
    const { login } = await import('../helpers/oidc-flow.ts');
    const { tokens } = await login(pair.rp, { email: player.email, password: 'another new password 3' });
    expect((await introspect(pair, pair.b.url, tokens.access_token)).active).toBe(true);
    expect((await refresh(pair, pair.b.url, tokens.refresh_token!)).status).toBe(200);
  });

  // The client is looked up in Postgres per request by design (client-adapter.ts); accounts must not be.
  it('uses the cache: no accounts query on introspection once warm', async () => {
    const { tokens } = await signIn(pair);
    await introspect(pair, pair.b.url, tokens.access_token);
    const pool = pair.db.pool;
    const original = pool.query.bind(pool);
    let queries = 0;
    (pool as { query: unknown }).query = (...args: unknown[]) => {
      if (String(args[0]).includes('accounts')) queries++;
      return (original as (...a: unknown[]) => unknown)(...args);
    };
    try {
      for (let i = 0; i < 5; i++) {
        expect((await introspect(pair, pair.b.url, tokens.access_token)).active).toBe(true);
      }
    } finally {
      (pool as { query: unknown }).query = original;
    }
    expect(queries).toBe(0);
  });
});
