import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { isFirstParty } from './first-party.ts';

/** oidc-provider's own limit on a form body (lib/shared/selective_body.js). */
const BODY_LIMIT = 56 * 1024;

/**
 * oidc-provider drops `offline_access` from an authorization request without `prompt=consent` (OIDC Core
 * 11). A first-party app is never shown a consent page, so for it the prompt is added here, before the
 * provider parses the request; the consent step then completes by itself (interactions/routes.ts). Both
 * ways an app can send the request: `GET /auth` (the query), and a pushed authorization request
 * (`POST /request`, RFC 9126: the form body, handed on already parsed, the provider's documented fallback).
 * `POST /auth` is not offered (oidc-provider's enableHttpPostMethods is off); a signed request object
 * (`request`) is left as it is: its parameters cannot be changed without breaking its signature.
 */
export function offlineAccessForFirstParty(provider: () => Provider): Middleware {
  const addConsentPrompt = async (params: URLSearchParams): Promise<boolean> => {
    const clientId = params.get('client_id');
    const prompt = params.get('prompt');
    if (
      !clientId ||
      params.has('request') ||
      !params.get('scope')?.split(' ').includes('offline_access') ||
      (prompt !== null && /\b(consent|none)\b/.test(prompt))
    )
      return false;
    // An unknown client or a store outage is the provider's to answer, as for any request.
    const client = await provider()
      .Client.find(clientId)
      .catch(() => undefined);
    if (!isFirstParty(client)) return false;
    params.set('prompt', [prompt, 'consent'].filter(Boolean).join(' '));
    return true;
  };

  return async function offlineAccessForFirstParty(ctx, next) {
    if (ctx.method === 'GET' && ctx.path === '/auth') {
      const query = new URLSearchParams(ctx.querystring);
      if (await addConsentPrompt(query)) ctx.querystring = query.toString();
    } else if (ctx.method === 'POST' && ctx.path === '/request' && parsableForm(ctx)) {
      const form = new URLSearchParams((await readBody(ctx)).toString('utf8'));
      await addConsentPrompt(form);
      ctx.request.body = toObject(form);
    }
    await next();
  };
}

/** A urlencoded body of a known length within the provider's limit (anything else is the provider's to refuse). */
function parsableForm(ctx: Context): boolean {
  const length = ctx.request.length;
  return (
    ctx.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded' &&
    length !== undefined &&
    length <= BODY_LIMIT &&
    ctx.req.readable
  );
}

async function readBody(ctx: Context): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The shape oidc-provider accepts as a parsed form: one string a name, or an array when repeated. */
function toObject(form: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name);
    out[name] = values.length === 1 ? values[0]! : values;
  }
  return out;
}
