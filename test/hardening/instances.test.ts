import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { startRoundRobinProxy } from '../helpers/round-robin-proxy.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

const FLOWS = 6;

describe('three instances behind a round-robin proxy; one is killed mid-flow', () => {
  let instances: RunningPitboss[];
  let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>>;
  let rp: client.Configuration;
  const cleanups: (() => Promise<void>)[] = [];
  // One player per flow: parallel sign-ins to one account count against its attempt limit (by design).
  const players = Array.from({ length: FLOWS }, (_, i) => ({
    email: `hopper-${i}@example.com`,
    password: 'hopper password 1',
  }));

  beforeAll(async () => {
    const db = await testDatabase();
    const redis = await testRedis();
    proxy = await startRoundRobinProxy();
    instances = [];
    for (let i = 0; i < 3; i++) {
      instances.push(
        await startPitboss({
          database: db,
          redis: redis.redis,
          prefix: redis.prefix,
          env: { ISSUER: proxy.url },
        }),
      );
    }
    proxy.backends.push(...instances.map((i) => i.url));
    cleanups.push(
      () => proxy.close(),
      ...instances.map((i) => () => i.close()),
      () => redis.close(),
      () => db.close(),
    );
    for (const player of players) await instances[0]!.pitboss.accounts.create(player);
    const created = await instances[0]!.pitboss.clients.create({
      name: 'Hop Casino',
      redirectUris: [REDIRECT_URI],
    });
    rp = await discover(proxy.url, created.clientId, created.clientSecret);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  });

  /** One flow, paused after the login page so the test can kill an instance in the middle of it. */
  async function beginFlow(player: { email: string; password: string }) {
    const agent = new UserAgent();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const authUrl = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      prompt: 'consent',
      state,
    });
    const start = await agent.follow(authUrl.href, REDIRECT_URI);
    const page = await start.res.text();
    return async function finishFlow() {
      let step = await agent.follow(new URL(formAction(page, 'Sign in'), start.url).href, REDIRECT_URI, {
        form: { csrf: hiddenInput(page, 'csrf'), ...player },
      });
      const consent = await step.res.text();
      step = await agent.follow(new URL(formAction(consent, 'Allow'), step.url).href, REDIRECT_URI, {
        form: { csrf: hiddenInput(consent, 'csrf') },
      });
      const tokens = await client.authorizationCodeGrant(rp, new URL(step.url), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      // Two refreshes and a userinfo call, each landing on whichever instance the proxy picks.
      const first = await client.refreshTokenGrant(rp, tokens.refresh_token!);
      const second = await client.refreshTokenGrant(rp, first.refresh_token!);
      await client.fetchUserInfo(rp, second.access_token, tokens.claims()!.sub);
      return second;
    };
  }

  it('completes every flow on the remaining instances', async () => {
    const paused = await Promise.all(players.map(beginFlow));
    // Each paused flow has an interaction stored in Redis and a cookie; the instance that served it dies.
    const victim = instances[1]!;
    const servedBefore = proxy.served.get(victim.url)!;
    await victim.close();
    const results = await Promise.allSettled(paused.map((finish) => finish()));
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures).toEqual([]);
    expect(results).toHaveLength(FLOWS);
    expect(servedBefore).toBeGreaterThan(0);
    expect(proxy.served.get(victim.url)).toBe(servedBefore);
    for (const other of [instances[0]!, instances[2]!]) {
      expect(proxy.served.get(other.url)).toBeGreaterThan(FLOWS);
    }
  });
});
