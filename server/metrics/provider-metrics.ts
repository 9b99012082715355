import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { currentRequest } from '../http/request-context.ts';
import type { PitbossMetrics } from './pitboss-metrics.ts';

// Grant types are a closed set in oidc-provider, but the parameter is client input: bound the label.
const KNOWN_GRANTS = new Set([
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:openid:params:grant-type:ciba',
]);

function grantType(ctx: KoaContextWithOIDC): string {
  const value = String((ctx.oidc?.params as { grant_type?: unknown } | undefined)?.grant_type ?? '');
  return KNOWN_GRANTS.has(value) ? value : 'other';
}

/**
 * Counts token issuance, rotation, reuse and revocation from oidc-provider's events, and records the
 * provider's route name for the request log and HTTP histogram. Called for every provider built (key
 * rotation rebuilds it), so the listeners live as long as the provider they observe.
 */
export function observeProvider(provider: Provider, metrics: PitbossMetrics): void {
  provider.use(async function nameRoute(ctx, next) {
    try {
      await next();
    } finally {
      const request = currentRequest();
      if (request && ctx.oidc?.route) request.route = `oidc:${ctx.oidc.route}`;
    }
  });
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    metrics.tokenGrants.inc({ grant_type: grantType(ctx), outcome: 'success' });
  });
  provider.on('grant.error', (ctx: KoaContextWithOIDC, err: { error?: string }) => {
    const outcome = /^[a-z_]{1,40}$/.test(err?.error ?? '') ? err.error! : 'error';
    metrics.tokenGrants.inc({ grant_type: grantType(ctx), outcome });
  });
  provider.on('refresh_token.consumed', () => metrics.refreshRotations.inc());
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC) => {
    const route = ctx?.oidc?.route ?? 'other';
    // oidc-provider revokes the grant from the token endpoint only when a consumed refresh token returns.
    if (route === 'token' && grantType(ctx) === 'refresh_token') metrics.reuseDetections.inc();
    metrics.revocations.inc({ source: route === 'token' ? 'refresh_reuse' : route });
  });
}
