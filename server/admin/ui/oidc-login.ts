import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Context } from 'koa';
import { AppError } from '../../errors.ts';
import { hasSecondFactor } from '../../mfa/policy.ts';
import { ADMIN_SCOPE, type RequireAdminDeps, resolveAdmin } from '../require-admin.ts';
import {
  ADMIN_CLIENT_ID,
  ADMIN_SCOPE_REQUEST,
  adminClientSecret,
  adminRedirectUri,
  MFA_ACR,
  REQUIRE_MFA,
} from './admin-client.ts';
import type { UiStore, uiCookies } from './ui-session.ts';

export const LOGIN_COOKIE = 'pitboss.admin.login';
export const SESSION_COOKIE = 'pitboss.admin';
const LOGIN_TTL_MS = 10 * 60 * 1000;

export interface OidcLoginDeps extends RequireAdminDeps {
  issuer: string;
  cookieKeys: readonly string[];
  store: UiStore;
  cookies: ReturnType<typeof uiCookies>;
}

const random = () => randomBytes(32).toString('base64url');
const denied = (message: string) =>
  new AppError(message, { code: 'ERR_ADMIN_LOGIN', status: 403, expose: true });

/** Starts code + PKCE sign-in at Pitboss's own authorization endpoint (the normal login pages). */
export function startLogin(deps: OidcLoginDeps) {
  return async function startLogin(ctx: Context) {
    const id = deps.cookies.newId();
    const pending = { kind: 'login' as const, state: random(), nonce: random(), verifier: random() };
    await deps.store.put(id, pending, LOGIN_TTL_MS);
    deps.cookies.set(ctx, LOGIN_COOKIE, id, LOGIN_TTL_MS);
    const url = new URL(`${deps.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: ADMIN_CLIENT_ID,
      response_type: 'code',
      redirect_uri: adminRedirectUri(deps.issuer),
      scope: ADMIN_SCOPE_REQUEST,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
      code_challenge_method: 'S256',
      acr_values: MFA_ACR,
    }).toString();
    ctx.redirect(url.href);
  };
}

/** Whether the ID token records a second factor (amr otp or hwk, and the MFA acr). */
export function signedInWithMfa(claims: JWTPayload): boolean {
  return Array.isArray(claims.amr) && hasSecondFactor(claims.amr as string[]) && claims.acr === MFA_ACR;
}

/** Exchanges the code with Pitboss's token endpoint (client_secret_basic) and opens an admin UI session. */
export function finishLogin(deps: OidcLoginDeps) {
  // The issuer's published keys (cached; refetched when an unknown kid appears after a rotation).
  const jwks = createRemoteJWKSet(new URL(`${deps.issuer}/jwks`));
  return async function finishLogin(ctx: Context) {
    const loginId = deps.cookies.read(ctx, LOGIN_COOKIE);
    const pending = loginId ? await deps.store.get(loginId) : undefined;
    if (loginId) await deps.store.delete(loginId);
    deps.cookies.set(ctx, LOGIN_COOKIE, null);
    const { code, state, error } = ctx.query;
    if (pending?.kind !== 'login' || typeof state !== 'string' || state !== pending.state) {
      throw denied('This sign-in has expired. Start again from /admin.');
    }
    if (error || typeof code !== 'string') throw denied('Sign-in was not completed.');
    const basic = Buffer.from(`${ADMIN_CLIENT_ID}:${adminClientSecret(deps.cookieKeys)}`).toString('base64');
    const res = await fetch(`${deps.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: adminRedirectUri(deps.issuer),
        code_verifier: pending.verifier!,
      }),
    });
    if (!res.ok) throw denied('Sign-in could not be completed. Start again from /admin.');
    const tokens = (await res.json()) as {
      access_token: string;
      id_token: string;
      expires_in: number;
      scope?: string;
    };
    const claims = await jwtVerify(String(tokens.id_token), jwks, {
      issuer: deps.issuer,
      audience: ADMIN_CLIENT_ID,
      algorithms: ['RS256'],
      requiredClaims: ['sub', 'nonce'],
    }).then(
      (verified) => verified.payload,
      () => {
        throw denied('The sign-in response could not be verified. Start again from /admin.');
      },
    );
    if (claims.nonce !== pending.nonce) throw denied('Sign-in response mismatch.');
    if (REQUIRE_MFA && !signedInWithMfa(claims)) {
      throw denied(
        'The admin console requires two-step verification. Sign in again with an authentication code.',
      );
    }
    if (
      !String(tokens.scope ?? '')
        .split(' ')
        .includes(ADMIN_SCOPE)
    )
      throw denied('This account is not an admin.');
    const admin = await resolveAdmin(deps, tokens.access_token).catch(() => {
      throw denied('This account is not an active admin.');
    });
    if (admin.id !== claims.sub) throw denied('Sign-in response mismatch.');
    const id = deps.cookies.newId();
    const ttlMs = Math.max(1, tokens.expires_in) * 1000;
    await deps.store.put(
      id,
      {
        kind: 'session',
        accountId: admin.id,
        email: admin.email,
        accessToken: tokens.access_token,
        csrfSecret: random(),
      },
      ttlMs,
    );
    deps.cookies.set(ctx, SESSION_COOKIE, id);
    ctx.status = 303;
    ctx.redirect('/admin');
  };
}
