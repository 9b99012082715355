import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';

/** The browser half of @simplewebauthn (its UMD bundle, global SimpleWebAuthnBrowser), from node_modules. */
function simpleWebAuthnBundle(): string {
  const main = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
  return join(dirname(main), '..', 'dist', 'bundle', 'index.umd.min.js');
}

/** Every static file we serve: scripts for our own pages, from our own origin (no CDN). */
const FILES: Record<string, () => string> = {
  '/assets/simplewebauthn-browser.js': simpleWebAuthnBundle,
  '/assets/passkey.js': () => fileURLToPath(new URL('../../views/assets/passkey.js', import.meta.url)),
};

/** GET /assets/*: the files above, read once at start, with an ETag and a short public cache. */
export function staticAssets(): Middleware {
  const assets = new Map(
    Object.entries(FILES).map(([path, locate]) => {
      const body = readFileSync(locate());
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      return [path, { body, etag }] as const;
    }),
  );
  return async function staticAsset(ctx, next) {
    const asset = ctx.method === 'GET' || ctx.method === 'HEAD' ? assets.get(ctx.path) : undefined;
    if (!asset) return next();
    ctx.set('ETag', asset.etag);
    ctx.set('Cache-Control', 'public, max-age=3600');
    if (ctx.get('if-none-match') === asset.etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'application/javascript; charset=utf-8';
    ctx.body = asset.body;
  };
}
