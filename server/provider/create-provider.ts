import Provider from 'oidc-provider';
import { clientSecretMatches } from '../clients/client-secret.ts';
import { resolveClientIp } from '../http/client-ip.ts';
import { secureForHttpsIssuer } from '../http/https-issuer.ts';
import { installTokenLimits, type TokenLimits } from '../http/limit-token-endpoint.ts';
import { type ProviderOptionsInput, providerOptions } from './options.ts';

/** Builds one oidc-provider instance; called again (with new keys) when the signing keys change. */
export function createProvider(
  input: ProviderOptionsInput & {
    setup?: ((provider: Provider) => void) | undefined;
    tokenLimits?: TokenLimits | undefined;
  },
): Provider {
  const provider = new Provider(input.config.ISSUER, providerOptions(input));
  provider.proxy = input.config.TRUST_PROXY;
  // First middleware: every later one (limits, audit, metrics) sees the caller's address, not a forged one.
  provider.use(
    resolveClientIp({ trustProxy: input.config.TRUST_PROXY, hops: input.config.TRUST_PROXY_HOPS }),
  );
  provider.use(secureForHttpsIssuer(input.config.ISSUER));
  if (input.tokenLimits) installTokenLimits(provider, input.tokenLimits);
  // Client secrets are kept as SHA-256 at rest; compare the presented secret by its hash. This is the
  // library's Client model method, replaced per provider instance (its own subclass), not globally.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(
    this: { clientSecret: string },
    actual: string,
  ) {
    return clientSecretMatches(this.clientSecret, actual);
  } as never;
  // Event listeners and middleware (metrics, session events) attach to each provider built.
  input.setup?.(provider);
  return provider;
}
