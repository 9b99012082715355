import type Provider from 'oidc-provider';
import type { JWK } from 'oidc-provider';
import type { KeyStore } from './key-store.ts';

export interface LiveProvider {
  /** The provider to serve the current request with. */
  current(): Provider;
  /** The current provider's Node request handler (built once per provider). */
  handler(): ReturnType<Provider['callback']>;
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
  let handle = provider.callback();

  const refresh = async () => {
    const loaded = await load();
    if (loaded.version === version) return;
    provider = options.build(loaded.jwks);
    handle = provider.callback();
    version = loaded.version;
  };
  const timer = setInterval(() => {
    refresh().catch((err) => options.onError?.(err));
  }, options.pollMs ?? 10_000);
  timer.unref();

  return {
    current: () => provider,
    handler: () => handle,
    refresh,
    stop: () => clearInterval(timer),
  };
}
