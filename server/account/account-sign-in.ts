import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { ACCOUNT_CLIENT_ID, accountCallbackUri } from './account-client.ts';

/** The /account query worth keeping across the sign-in (language and the app whose brand to show). */
const KEPT = ['ui_locales', 'client_id'] as const;

function keptQuery(source: Record<string, unknown>): URLSearchParams {
  const q = new URLSearchParams();
  for (const name of KEPT) {
    const v = source[name];
    if (typeof v === 'string' && v.length <= 200) q.set(name, v);
  }
  return q;
}

/**
 * GET /account without a session: start a sign-in at Pitboss's own authorization endpoint as the account
 * client; `state` carries the page's language and brand (only those two values, so it cannot redirect
 * anywhere else). The code is not redeemed: the Pitboss session the sign-in creates is all /account uses.
 */
export function startAccountSignIn(ctx: Context, issuer: string): void {
  const kept = keptQuery(ctx.query);
  const url = new URL(`${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: ACCOUNT_CLIENT_ID,
    response_type: 'code',
    redirect_uri: accountCallbackUri(issuer),
    scope: 'openid',
    state: Buffer.from(kept.toString()).toString('base64url') || '-',
    code_challenge: createHash('sha256').update(randomBytes(32)).digest('base64url'),
    code_challenge_method: 'S256',
    ...(kept.has('ui_locales') ? { ui_locales: kept.get('ui_locales')! } : {}),
  }).toString();
  ctx.status = 303;
  ctx.redirect(url.href);
}

/** GET /account/callback: back to /account with the kept query (the session cookie is now set). */
export async function finishAccountSignIn(ctx: Context): Promise<void> {
  const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
  const kept = keptQuery(Object.fromEntries(new URLSearchParams(Buffer.from(state, 'base64url').toString())));
  ctx.status = 303;
  ctx.redirect(`/account${kept.size ? `?${kept}` : ''}`);
}
