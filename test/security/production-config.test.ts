import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClientSecret } from '../../server/admin/ui/admin-client.ts';
import { loadConfig } from '../../server/config.ts';
import { type RunningPitboss, startTestPitboss } from '../helpers/app.ts';

const run = promisify(execFile);

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/never',
  REDIS_URL: 'redis://127.0.0.1:1',
  ISSUER: 'https://login.casino.test',
  COOKIE_KEYS: 'kTjz0Zr3pDq7v0bq1o7yJ3m4x8w2c5n6a9s1d4f7g0h,Zx9c8v7b6n5m4a3s2d1f0g9h8j7k6l5q4w3e2r1t0yU',
  MFA_ENCRYPTION_KEY: 'q3N8sU2vX5yA7bD0eG4hJ6kM9nP1rT3wZ5cF8iL0oQ2=',
  METRICS_TOKEN: 'scrape-token-0123456789',
  SMTP_URL: 'smtp://mail.casino.test:587',
};

/** Starts the real server entry point and returns how it stopped (it must stop at config validation). */
async function start(env: Record<string, string | undefined>): Promise<{ code: number; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries({ PATH: process.env.PATH, ...env }).filter(([, v]) => v !== undefined),
  );
  try {
    await run(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: clean, timeout: 30_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? '' };
  }
}

/** Findings 10 and 16: weak or empty keys, a missing ISSUER and an open /metrics were accepted in production. */
describe('production refuses weak keys, a missing ISSUER and an open /metrics', () => {
  it('accepts the strong baseline', () => {
    expect(loadConfig(PRODUCTION).NODE_ENV).toBe('production');
  });

  it.each([
    ['COOKIE_KEYS', { COOKIE_KEYS: 'a' }],
    ['COOKIE_KEYS', { COOKIE_KEYS: ` ,${PRODUCTION.COOKIE_KEYS}` }],
    ['COOKIE_KEYS', { COOKIE_KEYS: 'x'.repeat(64) }],
    ['MFA_ENCRYPTION_KEY', { MFA_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') }],
    ['MFA_ENCRYPTION_KEY', { MFA_ENCRYPTION_KEY: Buffer.alloc(32, 'ab').toString('base64') }],
    ['ISSUER', { ISSUER: undefined }],
    ['METRICS_TOKEN', { METRICS_TOKEN: undefined }],
  ])('npm start stops naming %s', async (variable, change) => {
    const { code, stderr } = await start({ ...PRODUCTION, ...change });
    expect(code).toBe(1);
    expect(stderr).toContain(`pitboss: Invalid configuration: ${variable}:`);
  });

  it('never accepts an empty cookie key, in development either', async () => {
    const { code, stderr } = await start({ NODE_ENV: 'development', COOKIE_KEYS: ' ,x', PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain('pitboss: Invalid configuration: COOKIE_KEYS: has an empty entry');
  });
});

describe('secrets derived from the cookie key go through HKDF with a label', () => {
  let app: RunningPitboss & { close(): Promise<void> };
  beforeAll(async () => {
    app = await startTestPitboss({ redis: false });
  });
  afterAll(() => app.close());

  const redeem = (secret: string) =>
    fetch(`${app.url}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`pitboss-admin:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: `${app.url}/admin/callback`,
        code_verifier: 'v'.repeat(43),
      }).toString(),
    });

  it('the console client secret is not a plain HMAC of the cookie key', async () => {
    const cookieKey = 'test-cookie-key-one';
    const plainHmac = createHmac('sha256', cookieKey)
      .update('pitboss-admin client secret')
      .digest('base64url');
    const refused = await redeem(plainHmac);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toBe('invalid_client');
    // The HKDF-derived secret authenticates (the code itself is bogus: invalid_grant, not invalid_client).
    const accepted = await redeem(adminClientSecret([cookieKey]));
    expect((await accepted.json()).error).toBe('invalid_grant');
  });
});
