import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/browser.ts';
import { type RunningPitboss, startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { REDIRECT_URI } from '../helpers/oidc-flow.ts';
import { testRedis } from '../helpers/redis.ts';
import { formAction, hiddenInput, UserAgent } from '../helpers/user-agent.ts';

describe('security headers, cookies and size limits', () => {
  let app: RunningPitboss;
  let httpsIssuer: RunningPitboss;
  let receiver: Server;
  let formPostUri: string;
  const received: string[] = [];
  let clientId: string;
  const cleanups: (() => Promise<void>)[] = [];
  const player = { email: 'headers@example.com', password: 'headers password 1' };

  beforeAll(async () => {
    const db = await testDatabase();
    const redis = await testRedis();
    app = await startPitboss({
      database: db,
      redis: redis.redis,
      prefix: redis.prefix,
      env: { TRUST_PROXY: 'true' },
    });
    httpsIssuer = await startPitboss({
      database: db,
      redis: redis.redis,
      prefix: redis.prefix,
      env: { ISSUER: 'https://id.pitboss.test' },
    });
    // The RP receiving form_post responses: a real endpoint the browser posts to.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(`${req.method} ${body}`);
        res.end('<!doctype html><title>RP</title>ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    formPostUri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/form-post`;
    cleanups.push(
      () => app.close(),
      () => httpsIssuer.close(),
      () => new Promise((resolve) => receiver.close(() => resolve())),
      () => redis.close(),
      () => db.close(),
    );
    await app.pitboss.accounts.create(player);
    const created = await app.pitboss.clients.create({
      name: 'Slots Galore',
      redirectUris: [REDIRECT_URI, formPostUri],
    });
    clientId = created.clientId;
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  const authorizeUrl = async (base: string, extra: Record<string, string> = {}) => {
    const params = new URLSearchParams({
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      prompt: 'consent',
      ...extra,
    });
    return `${base}/auth?${params}`;
  };

  /** Walks login and consent by hand, returning every Set-Cookie line and the final response. */
  async function walk(headers: Record<string, string>, extra: Record<string, string> = {}) {
    const agent = new UserAgent('pitboss-headers/1.0', headers);
    const cookies: string[] = [];
    const responses: Response[] = [];
    let res = await agent.request(await authorizeUrl(app.url, extra));
    let url = agent.lastUrl;
    const redirectUri = extra.redirect_uri ?? REDIRECT_URI;
    for (let hops = 0; hops < 20; hops++) {
      cookies.push(...res.headers.getSetCookie());
      responses.push(res);
      const location = res.headers.get('location');
      if (location?.startsWith(redirectUri)) break;
      if (location) {
        // We play the TLS-terminating proxy: an https Location is fetched over plain http to the instance.
        url = new URL(location, url).href.replace(/^https:/, 'http:');
        res = await agent.request(url);
        continue;
      }
      const page = await res.text();
      const button = page.includes('>Sign in</button>')
        ? 'Sign in'
        : page.includes('>Allow</button>')
          ? 'Allow'
          : '';
      if (!button) return { cookies, responses, last: res, page };
      // Our own pages carry no inline script: only our own files (/assets), each with this response's nonce.
      const nonce = /script-src 'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')![1];
      for (const [tag] of page.matchAll(/<script[^>]*>/g)) {
        expect(tag).toMatch(/^<script src="\/assets\/[a-z-]+\.js" /);
        expect(tag).toContain(` nonce="${nonce}"`);
      }
      expect(page).not.toMatch(/<script[^>]*>[^<]/);
      const form = { csrf: hiddenInput(page, 'csrf'), ...(button === 'Sign in' ? player : {}) };
      url = new URL(formAction(page, button), url).href.replace(/^https:/, 'http:');
      res = await agent.request(url, { form });
    }
    return { cookies, responses, last: res, page: '' };
  }

  it('marks every cookie Secure, HttpOnly and SameSite=Lax behind a TLS proxy (X-Forwarded-Proto: https)', async () => {
    const { cookies, responses } = await walk({ 'x-forwarded-proto': 'https' });
    expect(responses.at(-1)!.headers.get('location')).toContain('code=');
    expect(cookies.length).toBeGreaterThanOrEqual(3);
    for (const line of cookies) {
      expect(line).toMatch(/;\s*secure/i);
      expect(line).toMatch(/;\s*httponly/i);
      expect(line).toMatch(/;\s*samesite=lax/i);
    }
    for (const res of responses) expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('sends no Secure cookies and no HSTS over plain http to an http issuer', async () => {
    const { cookies, responses } = await walk({});
    expect(cookies.length).toBeGreaterThanOrEqual(3);
    for (const line of cookies) expect(line).not.toMatch(/;\s*secure/i);
    for (const res of responses) expect(res.headers.get('strict-transport-security')).toBeNull();
    const https = await fetch(`${httpsIssuer.url}/.well-known/openid-configuration`);
    expect(https.headers.get('strict-transport-security')).toContain('max-age=31536000');
  });

  it('puts CSP without inline scripts, frame-ancestors none, nosniff and Referrer-Policy on every page', async () => {
    const { responses } = await walk({});
    const pages = [
      ...responses.filter((r) => !r.bodyUsed),
      await fetch(`${app.url}/.well-known/openid-configuration`),
      await fetch(`${app.url}/auth?client_id=nope`),
      await fetch(`${app.url}/session/end`),
      await fetch(`${app.url}/interaction/nope`),
      await fetch(`${app.url}/jwks`),
    ];
    for (const res of pages) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      // Only a nonce (our pages' /assets scripts carry it) or, on oidc-provider's auto-submitting forms, its hash.
      expect(csp, res.url).toMatch(/script-src 'nonce-[^']+'( 'sha256-[^']+')?(;|$)/);
      expect(csp).not.toContain("'unsafe-inline' 'nonce");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const body = await res.text();
      for (const [, script] of body.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
        expect(csp).toContain(`'sha256-${createHash('sha256').update(script!).digest('base64')}'`);
      }
      if (!csp.includes("'sha256-")) expect(body).not.toMatch(/<script(?![^>]*\ssrc="\/assets\/)/);
    }
  });

  it('lets the form_post page run its one inline script by hash, and the browser completes it', async () => {
    const { last, page } = await walk({}, { response_mode: 'form_post', redirect_uri: formPostUri });
    expect(page).toContain('<form method="post"');
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    const digest = createHash('sha256').update(script).digest('base64');
    expect(last.headers.get('content-security-policy')).toContain(`'sha256-${digest}'`);

    // And for real: Chromium enforces the CSP and must still auto-submit the form to the RP.
    const browser = await launchChromium();
    try {
      const browserPage = await browser.newPage();
      const violations: string[] = [];
      browserPage.on('console', (m) => {
        if (/content security policy/i.test(m.text())) violations.push(m.text());
      });
      await browserPage.goto(
        await authorizeUrl(app.url, { response_mode: 'form_post', redirect_uri: formPostUri }),
      );
      await browserPage.getByLabel('Email').fill(player.email);
      await browserPage.getByLabel('Password').fill(player.password);
      await browserPage.getByRole('button', { name: 'Sign in', exact: true }).click();
      await browserPage.getByRole('button', { name: 'Allow' }).click();
      await browserPage.waitForURL(formPostUri, { timeout: 10_000 });
      expect(received.some((r) => r.startsWith('POST ') && r.includes('code='))).toBe(true);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('rejects oversized bodies and headers with 4xx, never 5xx', async () => {
    const big = `grant_type=client_credentials&pad=${'a'.repeat(100 * 1024)}`;
    const token = await fetch(`${app.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: big,
    });
    expect(token.status).toBe(413);
    const agent = new UserAgent();
    const start = await agent.follow(await authorizeUrl(app.url), REDIRECT_URI);
    const loginPage = await start.res.text();
    const login = await agent.request(new URL(formAction(loginPage, 'Sign in'), start.url).href, {
      form: { csrf: hiddenInput(loginPage, 'csrf'), email: 'a@b.c', password: 'x'.repeat(40 * 1024) },
    });
    expect(login.status).toBe(413);
    const introspect = await fetch(`${app.url}/token/introspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: big,
    });
    expect(introspect.status).toBeGreaterThanOrEqual(400);
    expect(introspect.status).toBeLessThan(500);
    const header = await fetch(`${app.url}/.well-known/openid-configuration`, {
      headers: { 'x-padding': 'h'.repeat(20 * 1024) },
    });
    expect(header.status).toBe(431);
  });
});
