import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { isFirstParty } from '../clients/first-party.ts';
import { allowClientOrigin } from './cors.ts';

/** The player behind a bearer access token (set on ctx.state.player by requirePlayerToken). */
export interface PlayerToken {
  accountId: string;
  clientId: string;
  sessionUid: string | undefined;
  scopes: Set<string>;
}

/** Scope that lets a token change responsible-gambling settings (first-party clients only). */
export const RG_SCOPE = 'rg';

function deny(ctx: Context, status: 401 | 403, error: string, description: string, scope?: string): void {
  ctx.status = status;
  const extra = scope ? `, scope="${scope}"` : '';
  ctx.set('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"${extra}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error, error_description: description };
}

/**
 * Authenticates the player API: a valid access token of a player (any client) for reading; `scope` for changes
 * (403 insufficient_scope without it). `allowQuery` also accepts `?access_token=` (RFC 6750 2.3), for
 * EventSource, which cannot send headers. Tokens of an ended session or an older session version read as absent.
 */
export function requirePlayerToken(
  provider: () => Provider,
  options: { scope?: string; allowQuery?: boolean } = {},
) {
  return async function requirePlayerToken(ctx: Context, next: Next): Promise<void> {
    const header = /^Bearer ([\w.~+/-]+=*)$/i.exec(ctx.get('authorization'))?.[1];
    const query =
      options.allowQuery && typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
    const value = header ?? query;
    if (!value || value.length > 4096)
      return deny(ctx, 401, 'invalid_token', 'a Bearer access token is required');
    const token = await provider().AccessToken.find(value);
    if (!token || token.isExpired || !token.accountId) {
      return deny(ctx, 401, 'invalid_token', 'the access token is invalid or expired');
    }
    const scopes = new Set(
      String(token.scope ?? '')
        .split(' ')
        .filter(Boolean),
    );
    const client =
      options.scope === RG_SCOPE ? await provider().Client.find(String(token.clientId)) : undefined;
    const firstParty = options.scope !== RG_SCOPE || isFirstParty(client);
    if (options.scope && (!scopes.has(options.scope) || !firstParty)) {
      return deny(ctx, 403, 'insufficient_scope', `this request needs scope ${options.scope}`, options.scope);
    }
    await allowClientOrigin(ctx, provider(), String(token.clientId));
    ctx.state.player = {
      accountId: token.accountId,
      clientId: String(token.clientId),
      sessionUid: token.sessionUid,
      scopes,
    } satisfies PlayerToken;
    ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
