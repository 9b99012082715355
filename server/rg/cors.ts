import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';

/** The origins a client's browser app runs on: those of its redirect URIs (as oidc-provider's client CORS does). */
export async function clientOrigins(provider: Provider, clientId: string): Promise<Set<string>> {
  const client = await provider.Client.find(clientId);
  const uris = [...((client?.redirectUris as string[] | undefined) ?? [])];
  const origins = new Set<string>();
  for (const uri of uris) {
    try {
      const { origin } = new URL(uri);
      if (origin !== 'null') origins.add(origin);
    } catch {}
  }
  return origins;
}

/**
 * CORS for the player API and the event stream, called once the token is known: a browser app may read the answer
 * only from an origin of the token's own client. Preflights are answered for any origin (they carry no token and
 * reveal nothing; the real request still needs a token and gets CORS headers only for its client's origins).
 */
export async function allowClientOrigin(ctx: Context, provider: Provider, clientId: string): Promise<void> {
  const origin = ctx.get('origin');
  ctx.vary('Origin');
  if (origin && (await clientOrigins(provider, clientId)).has(origin)) {
    ctx.set('Access-Control-Allow-Origin', origin);
  }
}

/** Answers a CORS preflight for the player API (Authorization and JSON bodies). */
export async function corsPreflight(ctx: Context, next: Next): Promise<void> {
  if (ctx.method !== 'OPTIONS' || !ctx.get('origin')) return next();
  ctx.status = 204;
  ctx.set('Access-Control-Allow-Origin', ctx.get('origin'));
  ctx.set('Access-Control-Allow-Methods', 'GET, PUT, POST');
  ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Last-Event-ID');
  ctx.set('Access-Control-Max-Age', '600');
  ctx.vary('Origin');
}
