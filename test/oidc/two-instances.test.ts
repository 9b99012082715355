import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

describe('two instances sharing one Redis and one Postgres', () => {
  let a: RunningPitboss;
  let b: RunningPitboss;
  let rpA: client.Configuration;
  let rpB: client.Configuration;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'roaming@example.com', password: 'roaming password 1' };

  beforeAll(async () => {
    const db = await testDatabase();
    const redis = await testRedis();
    a = await startPitboss({ database: db, redis: redis.redis, prefix: redis.prefix });
    // Same issuer for both, as behind a load balancer; B just listens on another port.
    b = await startPitboss({
      database: db,
      redis: redis.redis,
      prefix: redis.prefix,
      env: { ISSUER: a.url },
    });
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => redis.close(),
      () => db.close(),
    );
    await a.pitboss.accounts.create(player);
    const created = await a.pitboss.clients.create({ name: 'Poker Palace', redirectUris: [REDIRECT_URI] });
    rpA = await discover(a.url, created.clientId, created.clientSecret);
    // RP B talks to instance B's port for every endpoint, with A's issuer identity.
    rpB = new client.Configuration(
      {
        ...(rpA.serverMetadata() as client.ServerMetadata),
        token_endpoint: `${b.url}/token`,
        introspection_endpoint: `${b.url}/token/introspection`,
        userinfo_endpoint: `${b.url}/me`,
      },
      created.clientId,
      created.clientSecret,
    );
    client.allowInsecureRequests(rpB);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /** Rewrites an URL of instance A to instance B (same path), as a load balancer might route it. */
  const toB = (url: string) => url.replace(a.url, b.url);

  it('finishes on B a login started on A, and a token revoked on A is rejected on B', async () => {
    const agent = new UserAgent();
    const verifier = client.randomPKCECodeVerifier();
    const authUrl = client.buildAuthorizationUrl(rpA, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email offline_access',
      prompt: 'consent',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    // Authorization request and login page on A ...
    const start = await agent.follow(authUrl.href, REDIRECT_URI);
    const loginPage = await start.res.text();
    expect(start.url.startsWith(a.url)).toBe(true);
    // ... the login form posted to B, and everything after it on B.
    let step = await agent.request(toB(new URL(formAction(loginPage, 'Sign in'), start.url).href), {
      form: { csrf: hiddenInput(loginPage, 'csrf'), ...player },
    });
    expect(step.status).toBe(303);
    const resume = await agent.follow(toB(new URL(step.headers.get('location')!, b.url).href), REDIRECT_URI);
    const consentPage = await resume.res.text();
    expect(consentPage).toContain('>Allow</button>');
    step = await agent.request(toB(new URL(formAction(consentPage, 'Allow'), b.url).href), {
      form: { csrf: hiddenInput(consentPage, 'csrf') },
    });
    const done = await agent.follow(toB(new URL(step.headers.get('location')!, b.url).href), REDIRECT_URI);
    expect(done.url.startsWith(REDIRECT_URI)).toBe(true);

    const tokens = await client.authorizationCodeGrant(rpB, new URL(done.url), {
      pkceCodeVerifier: verifier,
    });
    expect((await client.tokenIntrospection(rpB, tokens.access_token)).active).toBe(true);

    await client.tokenRevocation(rpA, tokens.access_token);
    expect((await client.tokenIntrospection(rpB, tokens.access_token)).active).toBe(false);
    await client.tokenRevocation(rpA, tokens.refresh_token!);
    await expect(client.refreshTokenGrant(rpB, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
