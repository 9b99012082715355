import type { FindAccount } from 'oidc-provider';
import type { PresentedRefreshToken, RefreshReuse } from './refresh-reuse.ts';

/**
 * Wraps findAccount (oidc-provider calls it with the token in hand on refresh, code exchange and userinfo)
 * with the session rules that need the token: an already-consumed refresh token is either an in-window
 * retry (account hidden: invalid_grant without revocation, answered by the overlap middleware) or reuse
 * (audited; the library then revokes the grant).
 */
export function withSessionChecks(base: FindAccount, deps: { reuse: RefreshReuse }): FindAccount {
  return async function findAccount(ctx, sub, token) {
    const presented = token as unknown as PresentedRefreshToken | undefined;
    if (presented?.kind === 'RefreshToken' && presented.consumed) {
      if (await deps.reuse.onConsumedToken(ctx as never, presented)) return undefined;
    }
    return base(ctx, sub, token);
  };
}
