import type { Context } from 'koa';
import type Provider from 'oidc-provider';

/**
 * Where a signed-in player belongs when they come back to a sign-in page that already finished (the back
 * button after the app received its code): the app's `initiate_login_uri`, else its `client_uri`, else the
 * origin of its first web redirect URI. Only registered metadata is used, so this is no open redirect.
 */
export function appHome(client: { metadata(): Record<string, unknown> }): string | undefined {
  const m = client.metadata();
  const candidates = [
    m.initiate_login_uri,
    m.client_uri,
    ...((m.redirect_uris as string[] | undefined) ?? []),
  ];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const url = URL.canParse(candidate) ? new URL(candidate) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol)) continue;
    return candidate === m.initiate_login_uri || candidate === m.client_uri ? candidate : `${url.origin}/`;
  }
  return undefined;
}

/**
 * For GET /interaction/:uid whose interaction is gone: when this browser holds a signed-in Pitboss session,
 * redirect to the app named by ?client_id and return true; otherwise false (the page says it expired).
 */
export async function sendSignedInPlayerBack(ctx: Context, provider: Provider): Promise<boolean> {
  if (ctx.method !== 'GET' || typeof ctx.query.client_id !== 'string') return false;
  const session = await provider.Session.get(ctx as never);
  if (!session.accountId) return false;
  const client = await provider.Client.find(ctx.query.client_id);
  const home = client && appHome(client);
  if (!home) return false;
  ctx.status = 303;
  ctx.redirect(home);
  return true;
}
