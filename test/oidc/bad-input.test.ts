import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { discover, REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

describe('bad input gets the right OAuth error, never a 500', () => {
  let app: RunningPitboss;
  let rp: client.Configuration;
  let clientId: string;
  let basic: string;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'careful@example.com', password: 'careful password 1' };

  beforeAll(async () => {
    app = await startTestPitboss();
    cleanups.push(() => app.close());
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({
      name: 'Blackjack Bros',
      redirectUris: [REDIRECT_URI],
    });
    clientId = created.clientId;
    basic = `Basic ${Buffer.from(`${created.clientId}:${created.clientSecret}`).toString('base64')}`;
    rp = await discover(app.url, created.clientId, created.clientSecret);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  const token = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic, ...headers },
      body,
    });

  it('missing grant_type -> 400 invalid_request', async () => {
    const res = await token('');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('unknown grant_type -> 400 unsupported_grant_type', async () => {
    const res = await token('grant_type=password&username=a&password=b');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('unsupported_grant_type');
  });

  it('unknown client -> 401 invalid_client', async () => {
    const res = await token('grant_type=client_credentials', {
      authorization: `Basic ${Buffer.from('nobody:nothing').toString('base64')}`,
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('wrong client secret -> 401 invalid_client', async () => {
    const res = await token('grant_type=refresh_token&refresh_token=x', {
      authorization: `Basic ${Buffer.from(`${clientId}:wrong-secret`).toString('base64')}`,
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('malformed token request (JSON body) -> 400 invalid_request', async () => {
    const res = await token('{"grant_type":"authorization_code"}', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('unknown authorization code -> 400 invalid_grant', async () => {
    const res = await token(
      `grant_type=authorization_code&code=nope&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code_verifier=${'a'.repeat(43)}`,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('oversized parameters -> 4xx with an OAuth error, no 500', async () => {
    const res = await token(`grant_type=refresh_token&refresh_token=${'x'.repeat(200_000)}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const huge = await fetch(
      `${app.url}/auth?client_id=${clientId}&scope=openid&response_type=code&state=${'s'.repeat(100_000)}`,
    );
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
  });

  it('unregistered redirect_uri -> 400 error page, no redirect', async () => {
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: 'https://attacker.example/cb',
      scope: 'openid',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
    });
    const res = await fetch(url, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri');
  });

  it('unknown client_id at the authorization endpoint -> 400', async () => {
    const res = await fetch(
      `${app.url}/auth?client_id=nobody&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`,
      {
        redirect: 'manual',
      },
    );
    expect(res.status).toBe(400);
  });

  it('missing PKCE -> invalid_request redirected to the RP', async () => {
    const url = client.buildAuthorizationUrl(rp, { redirect_uri: REDIRECT_URI, scope: 'openid' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('plain PKCE method -> rejected', async () => {
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'plain',
    });
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('wrong PKCE verifier -> 400 invalid_grant, and the code is not usable afterwards', async () => {
    // Drive a real login but stop before the exchange to tamper with the verifier.
    const verifier = client.randomPKCECodeVerifier();
    const agent = new UserAgent();
    const authUrl = client.buildAuthorizationUrl(rp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const first = await agent.follow(authUrl.href, REDIRECT_URI);
    const loginPage = await first.res.text();
    let step = await agent.follow(new URL(formAction(loginPage, 'Sign in'), first.url).href, REDIRECT_URI, {
      form: { csrf: hiddenInput(loginPage, 'csrf'), ...player },
    });
    if (!step.url.startsWith(REDIRECT_URI)) {
      const consent = await step.res.text();
      step = await agent.follow(new URL(formAction(consent, 'Allow'), step.url).href, REDIRECT_URI, {
        form: { csrf: hiddenInput(consent, 'csrf') },
      });
    }
    const code = new URL(step.url).searchParams.get('code')!;
    const res = await token(
      `grant_type=authorization_code&code=${code}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code_verifier=${client.randomPKCECodeVerifier()}`,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
  });
});
