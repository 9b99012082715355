import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';

/**
 * Finding 4: the token endpoint limit counted the unauthenticated client_id, so a stranger could lock a
 * client out, rotating fake ids was never limited, and one public app's players shared one cap.
 */
describe('token endpoint limits: nobody outside can lock a client out', () => {
  let app: RunningPitboss & { close(): Promise<void> };
  let studio: { clientId: string; clientSecret?: string };
  let mobile: { clientId: string };
  const warn = vi.spyOn(console, 'warn');

  beforeAll(async () => {
    app = await startTestPitboss({
      env: { TRUST_PROXY: 'true', TOKEN_RATE_LIMIT_PER_MINUTE: '5', TOKEN_AUTH_FAILURES_PER_MINUTE: '5' },
    });
    studio = await app.pitboss.clients.create({
      name: 'Victim Studio',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['client_credentials'],
      scope: 'openid',
    });
    mobile = await app.pitboss.clients.create({
      name: 'Casino App',
      redirectUris: [REDIRECT_URI],
      public: true,
    });
  });
  afterAll(() => app.close());

  const token = (ip: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip, ...headers },
      body: new URLSearchParams(params).toString(),
    });
  const basic = (id: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
  });

  it('reads the request body once (oidc-provider never sees an already parsed body)', async () => {
    const res = await token('198.51.100.9', {
      grant_type: 'client_credentials',
      client_id: studio.clientId,
      client_secret: studio.clientSecret!,
    });
    expect(res.status).toBe(200);
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    expect(warnings.filter((w) => w.includes('already parsed request body'))).toEqual([]);
  });
  it('wrong secrets naming a victim client do not block the victim', async () => {
    const attacker: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await token(
        '203.0.113.66',
        { grant_type: 'client_credentials' },
        basic(studio.clientId, 'guess'),
      );
      attacker.push(res.status);
    }
    expect(attacker.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attacker.at(-1)).toBe(429);
    const real = await token(
      '198.51.100.7',
      { grant_type: 'client_credentials' },
      basic(studio.clientId, studio.clientSecret!),
    );
    expect(real.status).toBe(200);
    expect((await real.json()).access_token).toBeTruthy();
  });

  it('limits failed client authentication per IP, however often the client id changes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const fake = `fake-${randomBytes(6).toString('hex')}`;
      statuses.push(
        (await token('203.0.113.77', { grant_type: 'client_credentials' }, basic(fake, 'x'))).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Another caller is not affected.
    const other = await token(
      '198.51.100.8',
      { grant_type: 'client_credentials' },
      basic(studio.clientId, studio.clientSecret!),
    );
    expect(other.status).toBe(200);
  });

  it('one public app used by many players never meets a per-client cap; one caller is still limited', async () => {
    const players: number[] = [];
    for (let i = 1; i <= 12; i++) {
      // Each player redeems a (stale) code from their own address: authenticated, then invalid_grant.
      const res = await token(`192.0.2.${i}`, {
        grant_type: 'authorization_code',
        client_id: mobile.clientId,
        code: 'stale',
        code_verifier: 'v'.repeat(43),
        redirect_uri: REDIRECT_URI,
      });
      players.push(res.status);
    }
    expect(players.every((s) => s === 400)).toBe(true);
    const one: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await token('192.0.2.200', {
        grant_type: 'refresh_token',
        client_id: mobile.clientId,
        refresh_token: 'x',
      });
      one.push(res.status);
    }
    expect(one).toEqual([400, 400, 400, 400, 400, 429]);
    expect(
      Number(
        (
          await token('192.0.2.200', {
            grant_type: 'refresh_token',
            client_id: mobile.clientId,
            refresh_token: 'x',
          })
        ).headers.get('retry-after'),
      ),
    ).toBeGreaterThan(0);
  });
});
