import type { Configuration } from 'oidc-provider';

type ExtraTokenClaims = NonNullable<Configuration['extraTokenClaims']>;

/**
 * oidc-provider's `extraTokenClaims`: a user access token keeps the `acr` of the sign-in it came from (the
 * authorization code's, or on refresh the refresh token's), so the admin API can insist on a second factor
 * (server/admin/require-admin.ts). Introspection shows it too (RFC 9470). Other tokens carry nothing extra.
 */
export const tokenAcr: ExtraTokenClaims = (ctx, token) => {
  if (token.kind !== 'AccessToken') return undefined;
  const entities = ctx.oidc?.entities as {
    AuthorizationCode?: { acr?: string };
    RefreshToken?: { acr?: string };
  };
  const acr = entities?.AuthorizationCode?.acr ?? entities?.RefreshToken?.acr;
  return acr ? { acr } : undefined;
};
