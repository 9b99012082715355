import type { Middleware } from 'koa';
import compose from 'koa-compose';
import type Provider from 'oidc-provider';
import type { JWK } from 'oidc-provider';
import type { KeyStore } from './key-store.ts';

/**
 * The provider's middleware stack as one koa middleware, run on our app's own request context (oidc-provider
 * supports being mounted this way, as koa-mount does): one koa context per request instead of two.
 */
function mounted(provider: Provider): Middleware {
  return compose(provider.middleware as Middleware[]);
}

export interface LiveProvider {
  /** The provider to serve the current request with. */
  current(): Provider;
  /** The current provider as koa middleware for our app (composed once per provider). */
  middleware(): Middleware;
  /** Re-reads the key set now; rebuilds the provider when it changed. */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Holds the provider built from the signing keys in Postgres and rebuilds it when `pitboss keys rotate`
 * changes them, so every instance picks up a rotation within `pollMs` without a restart.
 */
export async function createLiveProvider(options: {
  keys: KeyStore;
  maxTokenAgeSeconds: number;
  build: (jwks: JWK[]) => Provider;
  pollMs?: number;
  onError?: (err: unknown) => void;
}): Promise<LiveProvider> {
  // The published set changes on rotation and when a retired key ages out, so compare the kids themselves.
  const load = async () => {
    const published = await options.keys.published(options.maxTokenAgeSeconds);
    return {
      version: published.map((k) => k.kid).join(','),
      jwks: published.map((k) => k.privateJwk as JWK),
    };
  };
  await options.keys.ensure();
  const first = await load();
  let version = first.version;
  let provider = options.build(first.jwks);
  let handle = mounted(provider);

  const refresh = async () => {
    const loaded = await load();
    if (loaded.version === version) return;
    provider = options.build(loaded.jwks);
    handle = mounted(provider);
    version = loaded.version;
  };
  const timer = setInterval(() => {
    refresh().catch((err) => options.onError?.(err));
  }, options.pollMs ?? 10_000);
  timer.unref();

  return {
    current: () => provider,
    middleware: () => handle,
    refresh,
    stop: () => clearInterval(timer),
  };
}
