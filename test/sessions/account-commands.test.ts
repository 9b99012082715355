import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { discover, login, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';
import { startReceiver, waitFor } from '../logout/receiver.ts';
import { introspect, type Pair, refresh, signIn, startPair } from './fixtures.ts';

describe('pitboss user password / exclude against running instances (shared Redis)', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(async () => {
    await pair?.close();
  });

  const cli = (args: string[], stdin?: string) =>
    runCli(
      args,
      {
        DATABASE_URL: pair.db.url,
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: pair.prefix,
      },
      stdin,
    );

  it('user password (from stdin) kills old tokens on both instances; the new password works', async () => {
    const { tokens, player } = await signIn(pair);
    const run = await cli(['user', 'password', '--email', player.email], 'fresh password from stdin\n');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ email: player.email, ended: { sessions: 1, grants: 1 } });
    expect((await introspect(pair, pair.b.url, tokens.access_token)).active).toBe(false);
    expect((await refresh(pair, pair.a.url, tokens.refresh_token!)).body.error).toBe('invalid_grant');
    const again = await login(pair.rp, { email: player.email, password: 'fresh password from stdin' });
    expect((await introspect(pair, pair.b.url, again.tokens.access_token)).active).toBe(true);
  });

  it('user exclude ends everything and the login page says until when', async () => {
    const { tokens, player, account } = await signIn(pair);
    const bad = await cli(['user', 'exclude', '--email', player.email, '--until', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--until');
    const run = await cli(['user', 'exclude', '--email', player.email, '--until', '2099-01-31']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      restriction: { kind: 'self_exclusion', until: '2099-01-31T00:00:00.000Z' },
      ended: { sessions: 1 },
    });
    expect((await introspect(pair, pair.b.url, tokens.access_token)).active).toBe(false);
    const { rows } = await pair.db.pool.query(
      "select detail->>'reason' as reason from audit_log where type = 'session.ended' and account_id = $1",
      [account.id],
    );
    expect(rows.map((r) => r.reason)).toEqual(['self_exclusion']);

    // Right password: told clearly; wrong password: the generic message (nothing revealed).
    const agent = new UserAgent();
    const { buildAuthorizationUrl, calculatePKCECodeChallenge, randomPKCECodeVerifier } = await import(
      'openid-client'
    );
    const url = buildAuthorizationUrl(pair.rp, {
      redirect_uri: 'http://127.0.0.1:8765/callback',
      scope: 'openid',
      code_challenge: await calculatePKCECodeChallenge(randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const start = await agent.follow(url.href, 'http://127.0.0.1:8765/callback');
    const page = await start.res.text();
    const post = (password: string) =>
      agent.request(new URL(formAction(page, 'Sign in'), start.url).href, {
        form: { csrf: hiddenInput(page, 'csrf'), email: player.email, password },
      });
    const refused = await post(player.password);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('self-excluded: sign-in is not possible until 2099-01-31');
    const wrong = await post('not the password');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('self-excluded');
  });
  it('user disable from the CLI sends back-channel logout through the running instances', async () => {
    let clientId = '';
    const receiver = await startReceiver({ issuer: pair.a.url, clientId: () => clientId });
    try {
      const studio = await pair.a.pitboss.clients.create({
        name: 'CLI Logout Studio',
        redirectUris: [REDIRECT_URI],
        backchannelLogoutUri: receiver.url,
      });
      clientId = studio.clientId;
      const { player } = await signIn(pair);
      const rp = await discover(pair.a.url, studio.clientId, studio.clientSecret);
      const { tokens } = await login(rp, player);
      const run = await cli(['user', 'disable', '--email', player.email]);
      expect(run.code, run.stderr).toBe(0);
      // The CLI only wrote the outbox row; a running instance's dispatcher delivers it.
      await waitFor(() => receiver.receipts.length > 0, 20_000);
      const [receipt] = receiver.receipts;
      expect(receipt!.sub).toBe(tokens.claims()!.sub);
      expect(receipt!.sid).toBe(tokens.claims()!.sid);
    } finally {
      await receiver.close();
    }
  });
});
