import { createHash, randomBytes } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Context } from 'koa';
import { demoPage } from '../../views/demo.ts';
import { assertCsrf, csrfToken } from '../http/csrf.ts';
import { pageUi } from '../http/page-ui.ts';
import { contentSecurityPolicy } from '../http/security-headers.ts';
import { DEMO_CLIENT_ID, DEMO_SCOPE } from './demo-client.ts';

interface DemoSession {
  pending?: { state: string; nonce: string; verifier: string };
  tokens?: { access: string; refresh?: string | undefined; idToken: string; expiresAt: number };
  claims?: JWTPayload;
  /** From GET /rg/status right after sign-in (N.J.A.C. 13:69O-1.2(c): the app shows it). */
  previousLoginAt?: number | null;
  /** Why the Pitboss session ended, once the live stream said so (the lobby then shows it signed out). */
  ended?: string;
  refreshed: number;
}

const COOKIE = 'pitboss.demo';
const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '4kb' });
const random = () => randomBytes(24).toString('base64url');

/**
 * The demo casino app (development only; DEMO_LOBBY): an ordinary OIDC relying party of this Pitboss, served
 * from the same process for convenience. It keeps its sessions in memory (one instance, development only),
 * talks to Pitboss over HTTP like any app (authorize, token, refresh, /session/events, end_session), and
 * verifies the ID token against the published JWKS.
 */
export function demoRoutes(deps: { issuer: string; csrfSecret: string; fetch?: typeof fetch }): Router {
  const http = deps.fetch ?? fetch;
  const sessions = new Map<string, DemoSession>();
  const jwks = createRemoteJWKSet(new URL(`${deps.issuer}/jwks`));
  const redirectUri = `${deps.issuer}/demo/callback`;
  const router = new Router({ prefix: '/demo' });

  const session = (ctx: Context): [string, DemoSession] => {
    let id = ctx.cookies.get(COOKIE, { signed: true });
    if (!id || !sessions.has(id)) {
      id = random();
      sessions.set(id, { refreshed: 0 });
      ctx.cookies.set(COOKIE, id, { signed: true, httpOnly: true, sameSite: 'lax', overwrite: true });
    }
    return [id, sessions.get(id)!];
  };

  const tokenRequest = async (params: Record<string, string>) => {
    const res = await http(`${deps.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: DEMO_CLIENT_ID, ...params }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok)
      throw new Error(`token endpoint: ${String(body.error)} ${String(body.error_description ?? '')}`);
    return body as { access_token: string; refresh_token?: string; id_token?: string; expires_in: number };
  };

  const rgStatus = async (accessToken: string) => {
    const res = await http(`${deps.issuer}/rg/status`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (!res.ok) throw new Error(`rg/status: ${res.status}`);
    return (await res.json()) as { previous_login_at: number | null };
  };

  const render = (ctx: Context, s: DemoSession, id: string, error?: string) => {
    // The lobby's one script (nonce) opens an EventSource to /demo/events on this origin.
    ctx.set(
      'Content-Security-Policy',
      `${contentSecurityPolicy(String(ctx.state.cspNonce ?? ''))}; connect-src 'self'`,
    );
    ctx.type = 'html';
    ctx.body = demoPage(pageUi(ctx), {
      csrf: csrfToken(deps.csrfSecret, `demo:${id}`),
      nonce: String(ctx.state.cspNonce ?? ''),
      error,
      ended: s.tokens ? undefined : s.ended,
      signedIn: s.tokens &&
        s.claims && {
          claims: s.claims,
          previousLoginAt: s.previousLoginAt ?? null,
          accessTokenExpiresAt: s.tokens.expiresAt,
          hasRefreshToken: Boolean(s.tokens.refresh),
          refreshed: s.refreshed,
        },
    });
  };

  router.get('/', async function showLobby(ctx) {
    const [id, s] = session(ctx);
    render(ctx, s, id);
  });

  router.get('/login', async function startSignIn(ctx) {
    const [, s] = session(ctx);
    // PKCE verifiers are 43..128 characters: 32 random bytes in base64url.
    s.pending = { state: random(), nonce: random(), verifier: randomBytes(32).toString('base64url') };
    const url = new URL(`${deps.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: DEMO_CLIENT_ID,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: DEMO_SCOPE,
      state: s.pending.state,
      nonce: s.pending.nonce,
      code_challenge: createHash('sha256').update(s.pending.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    ctx.redirect(url.href);
  });

  router.get('/callback', async function finishSignIn(ctx) {
    const [id, s] = session(ctx);
    const pending = s.pending;
    s.pending = undefined;
    if (!pending || ctx.query.state !== pending.state || typeof ctx.query.code !== 'string') {
      ctx.status = 400;
      return render(ctx, s, id, `Sign-in did not complete: ${String(ctx.query.error ?? 'state mismatch')}`);
    }
    const tokens = await tokenRequest({
      grant_type: 'authorization_code',
      code: ctx.query.code,
      redirect_uri: redirectUri,
      code_verifier: pending.verifier,
    });
    const { payload } = await jwtVerify(String(tokens.id_token), jwks, {
      issuer: deps.issuer,
      audience: DEMO_CLIENT_ID,
    });
    if (payload.nonce !== pending.nonce) throw new Error('ID token nonce mismatch');
    s.claims = payload;
    s.ended = undefined;
    s.previousLoginAt = await rgStatus(tokens.access_token)
      .then((status) => status.previous_login_at)
      .catch(() => null);
    s.tokens = {
      access: tokens.access_token,
      refresh: tokens.refresh_token,
      idToken: String(tokens.id_token),
      expiresAt: Math.floor(Date.now() / 1000) + tokens.expires_in,
    };
    ctx.redirect('/demo');
  });

  router.post('/refresh', parseForm, async function refresh(ctx) {
    const [id, s] = session(ctx);
    assertCsrf(deps.csrfSecret, `demo:${id}`, (ctx.request as { body?: { csrf?: unknown } }).body?.csrf);
    if (!s.tokens?.refresh) return ctx.redirect('/demo');
    try {
      const tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: s.tokens.refresh });
      s.tokens = {
        access: tokens.access_token,
        refresh: tokens.refresh_token,
        idToken: tokens.id_token ?? s.tokens.idToken,
        expiresAt: Math.floor(Date.now() / 1000) + tokens.expires_in,
      };
      s.refreshed += 1;
      ctx.redirect('/demo');
    } catch (err) {
      // A refused refresh (session ended, password reset) signs the demo out, as an app would.
      s.tokens = undefined;
      s.claims = undefined;
      ctx.status = 401;
      render(ctx, s, id, `Refresh refused, signed out: ${(err as Error).message}`);
    }
  });

  router.post('/logout', parseForm, async function logout(ctx) {
    const [id, s] = session(ctx);
    assertCsrf(deps.csrfSecret, `demo:${id}`, (ctx.request as { body?: { csrf?: unknown } }).body?.csrf);
    const idToken = s.tokens?.idToken;
    sessions.delete(id);
    const url = new URL(`${deps.issuer}/session/end`);
    url.search = new URLSearchParams({
      client_id: DEMO_CLIENT_ID,
      post_logout_redirect_uri: `${deps.issuer}/demo`,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).toString();
    ctx.redirect(url.href);
  });

  // The player read the reality check and plays on: POST /rg/reality-check (scope rg) moves the next one.
  router.post('/reality-check', parseForm, async function acknowledgeRealityCheck(ctx) {
    const [id, s] = session(ctx);
    assertCsrf(deps.csrfSecret, `demo:${id}`, (ctx.request as { body?: { csrf?: unknown } }).body?.csrf);
    if (s.tokens) {
      await http(`${deps.issuer}/rg/reality-check`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.tokens.access}` },
      });
    }
    ctx.redirect('/demo');
  });

  // Relays the session's live events (GET /session/events with the app's bearer token) to the page; on
  // session.ended the lobby forgets its tokens (they are dead) and remembers why, for the signed-out view.
  router.get('/events', async function relayEvents(ctx) {
    const [, s] = session(ctx);
    ctx.type = 'text/event-stream';
    ctx.set('Cache-Control', 'no-store');
    const upstream = s.tokens
      ? await http(`${deps.issuer}/session/events`, {
          headers: { authorization: `Bearer ${s.tokens.access}`, accept: 'text/event-stream' },
        }).catch(() => undefined)
      : undefined;
    if (!upstream?.ok || !upstream.body) {
      ctx.body = `event: unavailable\ndata: ${JSON.stringify({ status: upstream?.status ?? null })}\n\n`;
      return;
    }
    ctx.req.on('close', () => void upstream.body?.cancel().catch(() => undefined));
    ctx.body = upstream.body.pipeThrough(
      watchForEnd((reason) => {
        s.tokens = undefined;
        s.claims = undefined;
        s.ended = reason;
      }),
    );
  });

  return router;
}

/** Passes an event stream through unchanged, calling `ended` with the reason of a `session.ended` event. */
function watchForEnd(ended: (reason: string) => void): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let buffered = '';
  return new TransformStream({
    transform(chunk, controller) {
      buffered += decoder.decode(chunk, { stream: true });
      // Events end with a blank line; keep the unfinished one for the next chunk.
      const events = buffered.split('\n\n');
      buffered = events.pop() ?? '';
      for (const event of events) {
        const lines = event.split('\n');
        if (!lines.includes('event: session.ended')) continue;
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '{}';
        let reason: unknown;
        try {
          reason = (JSON.parse(data) as { reason?: unknown }).reason;
        } catch {}
        ended(typeof reason === 'string' ? reason : 'ended');
      }
      // Passed on after the lobby forgot its tokens, so the page reloads onto the signed-out view.
      controller.enqueue(chunk);
    },
  });
}
