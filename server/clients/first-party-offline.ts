import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { isFirstParty } from './first-party.ts';

/**
 * oidc-provider drops `offline_access` from an authorization request without `prompt=consent` (OIDC Core
 * 11). A first-party app is never shown a consent page, so for it the prompt is added here, before the
 * provider parses the request; the consent step then completes by itself (interactions/routes.ts).
 * GET /auth only: apps send their authorization requests as redirects.
 */
export function offlineAccessForFirstParty(provider: () => Provider): Middleware {
  return async function offlineAccessForFirstParty(ctx, next) {
    const { scope, prompt, client_id: clientId } = ctx.query;
    if (
      ctx.method === 'GET' &&
      ctx.path === '/auth' &&
      typeof clientId === 'string' &&
      typeof scope === 'string' &&
      scope.split(' ').includes('offline_access') &&
      (prompt === undefined || (typeof prompt === 'string' && !/\b(consent|none)\b/.test(prompt)))
    ) {
      // An unknown client or a store outage is the provider's to answer, as for any request.
      const client = await provider()
        .Client.find(clientId)
        .catch(() => undefined);
      if (isFirstParty(client)) {
        const query = new URLSearchParams(ctx.querystring);
        query.set('prompt', [prompt, 'consent'].filter(Boolean).join(' '));
        ctx.querystring = query.toString();
      }
    }
    await next();
  };
}
