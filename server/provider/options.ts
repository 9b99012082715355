import type { Adapter, Configuration, FindAccount, JWK } from 'oidc-provider';
import { errorPage } from '../../views/error.ts';
import { LOCALES } from '../../views/i18n/catalogs.ts';
import { loggedOutPage, logoutPage } from '../../views/logout.ts';
import type { PageBrand } from '../../views/ui.ts';
import { brandingMetadata, loadExistingGrant } from '../clients/first-party.ts';
import type { Config } from '../config.ts';
import { pageUi } from '../http/page-ui.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { policyWithMfa, requireMfaMetadata } from '../mfa/policy.ts';
import {
  CLIENT_TTL_PROPERTIES,
  refreshTokenTtl,
  sessionTtl,
  validateClientTtl,
} from '../sessions/timeouts.ts';
import { tokenAcr } from './token-acr.ts';
import { bitsOfOpaqueRandomness } from './token-kinds.ts';

export interface ProviderOptionsInput {
  config: Config;
  cookieKeys: readonly string[];
  jwks: JWK[];
  adapter: (name: string) => Adapter;
  findAccount: FindAccount;
  /** Adds the MFA Check to the login prompt (see server/mfa/policy.ts). */
  mfa?: MfaService;
  /** The brand of a client's pages (logout, errors); absent: the platform's own look. */
  brandOf?: ((clientId: string) => Promise<PageBrand | undefined>) | undefined;
  /** An account's roles (first-party grants never include role-bound scopes the account lacks). */
  rolesOf?: ((accountId: string) => Promise<readonly string[]>) | undefined;
}

type OidcContext = Parameters<NonNullable<Configuration['renderError']>>[0];

/** The Ui of a page oidc-provider renders (logout, errors): the request's ui_locales and its client's brand. */
async function providerPageUi(ctx: OidcContext, brandOf: ProviderOptionsInput['brandOf']) {
  const clientId = ctx.oidc?.client?.clientId;
  const brand = clientId ? await brandOf?.(clientId) : undefined;
  const params = ctx.oidc?.params as { ui_locales?: unknown } | undefined;
  return { ui: pageUi(ctx, { uiLocales: params?.ui_locales, brand }), brand };
}

/** acr values: password only, or password plus a second factor. */
export const ACR_VALUES = ['urn:pitboss:acr:pwd', 'urn:pitboss:acr:mfa'] as const;

/** Scopes Pitboss understands; `admin` is granted only to admins through the console's client, and to service clients (admin API). */
export const SCOPES = ['openid', 'profile', 'email', 'offline_access', 'admin', 'rg'] as const;

/** The oidc-provider configuration: every choice that differs from the library default says why. */
export function providerOptions({
  config,
  cookieKeys,
  jwks,
  adapter,
  findAccount,
  mfa,
  brandOf,
  rolesOf = async () => [],
}: ProviderOptionsInput): Configuration {
  return {
    adapter: adapter as unknown as Configuration['adapter'],
    findAccount,
    jwks: { keys: jwks },
    cookies: {
      keys: [...cookieKeys],
      // oidc-provider marks cookies Secure whenever the request is https: directly, via TRUST_PROXY, or
      // because the issuer is https (server/http/https-issuer.ts).
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: [...SCOPES],
    // amr/acr/auth_time ride with the openid scope so every ID token says how the player authenticated.
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['preferred_username'],
      email: ['email', 'email_verified'],
      // Responsible-gambling state for first-party apps (server/rg/rg-claim.ts).
      rg: ['rg'],
      sid: null,
    },
    acrValues: [...ACR_VALUES],
    // ID tokens carry the claims of the granted scopes too (email, email_verified), not only userinfo.
    conformIdTokenClaims: false,
    // Per-client session/refresh lifetimes (a high-risk wallet client can have shorter ones).
    // Per-client lifetimes (session_idle_ttl, session_absolute_ttl) and require_mfa (boolean: the client
    // always gets a second factor; pitboss client add --require-mfa).
    extraClientMetadata: {
      properties: [
        ...CLIENT_TTL_PROPERTIES,
        ...requireMfaMetadata.properties,
        ...brandingMetadata.properties,
      ],
      validator: (ctx, key, value) => {
        if ((CLIENT_TTL_PROPERTIES as readonly string[]).includes(key)) validateClientTtl(key, value);
        else if (brandingMetadata.properties.includes(key)) brandingMetadata.validator(ctx, key, value);
        else requireMfaMetadata.validator(ctx, key, value);
      },
    },
    // User access tokens remember the sign-in's acr (the admin API insists on MFA: provider/token-acr.ts).
    extraTokenClaims: tokenAcr,
    // First-party clients (first_party: true) get their grant without a consent page (clients/first-party.ts).
    loadExistingGrant: loadExistingGrant(rolesOf),
    // Each token kind has its own id length, so a lookup skips the kinds it cannot be (token-kinds.ts).
    formats: { bitsOfOpaqueRandomness },
    // Our own pages drive every interaction.
    interactions: {
      // The client id rides along so that the back button after a finished sign-in (the interaction is gone)
      // can send a signed-in player back to that app (server/interactions/back-to-app.ts).
      url: (_ctx, interaction) =>
        `/interaction/${interaction.uid}?client_id=${encodeURIComponent(String(interaction.params.client_id))}`,
      ...(mfa && { policy: policyWithMfa(mfa) }),
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Authenticated (confidential) clients, e.g. game studios acting as resource servers, may introspect
      // any token presented to them; public clients only their own.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) =>
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      // A client may revoke only tokens issued to it (RFC 7009 section 2.1).
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const { ui, brand } = await providerPageUi(ctx, brandOf);
          ctx.type = 'html';
          // Name the app the player is leaving; without one (no id_token_hint/client_id), the brand.
          ctx.body = logoutPage(ui, ctx.oidc.client?.clientName ?? brand?.name ?? ui.brand.name, form);
        },
        async postLogoutSuccessSource(ctx) {
          const { ui } = await providerPageUi(ctx, brandOf);
          ctx.type = 'html';
          ctx.body = loggedOutPage(ui, ctx.oidc.client?.clientName);
        },
      },
    },
    // Keys are stored hashed (see client-secret.ts), so no method that needs the plaintext secret.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256'], userinfoSigningAlgValues: ['RS256'] },
    responseTypes: ['code'],
    // PKCE (S256) for every authorization code flow, not only public clients (OAuth 2.1 / security BCP).
    pkce: { required: () => true },
    // Rotate on every use, for every client: the library default keeps some refresh tokens alive.
    rotateRefreshToken: () => true,
    ttl: {
      AccessToken: config.ACCESS_TOKEN_TTL,
      ClientCredentials: config.ACCESS_TOKEN_TTL,
      AuthorizationCode: 60,
      IdToken: config.ID_TOKEN_TTL,
      Interaction: 15 * 60,
      // Sliding idle timeout, never past the absolute lifetime (server/sessions/timeouts.ts).
      Session: sessionTtl(config) as never,
      Grant: config.REFRESH_TOKEN_TTL,
      // Bounded by the idle and absolute lifetimes of the grant, per client (server/sessions/timeouts.ts).
      RefreshToken: refreshTokenTtl(config) as never,
    },
    // Pages are offered in these languages; ui_locales picks one (views/i18n).
    discovery: { claim_types_supported: ['normal'], ui_locales_supported: [...LOCALES] },
    async renderError(ctx, out) {
      const { ui } = await providerPageUi(ctx, brandOf);
      ctx.type = 'html';
      // oidc-provider's descriptions are English protocol text; the error code keeps them searchable.
      const description = out.error_description ?? ui.t('error.requestFailed');
      ctx.body = errorPage(ui, ui.t('error.title'), `${description} (${out.error})`);
    },
  };
}
