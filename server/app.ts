import type { ServerResponse } from 'node:http';
import Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import compose from 'koa-compose';
import type { Logger } from 'pino';
import type { PageBrand } from '../views/ui.ts';
import type { FactorChangeNotifier } from './account/factor-mail.ts';
import type { RecentReauth } from './account/recent-reauth.ts';
import { accountRoutes } from './account/routes.ts';
import type { AccountCommands } from './accounts/account-commands.ts';
import type { AccountStore } from './accounts/account-store.ts';
import type { AuditLog } from './audit/audit-log.ts';
import type { TypedEmailHasher } from './audit/typed-email.ts';
import { offlineAccessForFirstParty } from './clients/first-party-offline.ts';
import type { DeviceRecognition } from './devices/device-recognition.ts';
import { healthz, type Probe, readyz } from './health.ts';
import { staticAssets } from './http/assets.ts';
import { resolveClientIp } from './http/client-ip.ts';
import { errorBoundary } from './http/error-boundary.ts';
import { secureForHttpsIssuer } from './http/https-issuer.ts';
import { limitAdminApi } from './http/limit-requests.ts';
import { passwordAttempts } from './http/password-attempts.ts';
import type { RateLimits } from './http/rate-limits-config.ts';
import { rejectLargeBody } from './http/reject-large-body.ts';
import { securityHeadersFor } from './http/security-headers.ts';
import type { PreviousLogin } from './interactions/previous-login.ts';
import { interactionRoutes } from './interactions/routes.ts';
import type { LiveProvider } from './keys/live-keys.ts';
import type { MfaService } from './mfa/mfa-service.ts';
import type { PasskeyService } from './passkeys/passkey-service.ts';

export interface AppDeps {
  live: LiveProvider;
  accounts: AccountStore;
  /** The one path for account changes (the /account password change uses it). */
  commands: AccountCommands;
  audit: AuditLog;
  /** TOTP step after the password, step-up, and the /account page (absent: password-only sign-in). */
  mfa?: MfaService;
  /** Passkeys: second factor, passwordless sign-in, /account management (absent: no passkeys). */
  passkeys?: PasskeyService;
  /** Re-authentications of /account sessions (a factor change needs a recent one; server/account/reauth.ts). */
  recentReauth: RecentReauth;
  /** Tells the player by mail when a factor changes on /account (absent: no mail). */
  factorMail?: FactorChangeNotifier | undefined;
  /** Device cookie and the new-device step-up (absent: every browser counts as new). */
  devices?: DeviceRecognition;
  /** When an account signed in before the current sign-in (the consent page shows it). */
  previousLogin?: PreviousLogin | undefined;
  log: Logger;
  csrfSecret: string;
  /** What the audit keeps of an email typed for an unknown account (audit/typed-email.ts). */
  typedEmail: TypedEmailHasher;
  /** Cookie signing keys (COOKIE_KEYS): the first signs, all verify. */
  cookieKeys: readonly string[];
  probes: Record<string, Probe>;
  trustProxy: boolean;
  /** TRUST_PROXY_HOPS: the client IP is that many X-Forwarded-For entries from the right. */
  trustProxyHops?: number;
  /** Public issuer URL (HSTS when https). */
  issuer?: string;
  /** Rate limiters (login, admin API; the token endpoint's live in the provider); none when omitted. */
  limits?: RateLimits;
  /** Player API and live session events for casino apps (server/rg/, server/live/). */
  player?: Router[];
  /** Admin API and UI routers (server/admin/compose-admin.ts). */
  admin?: Router[];
  /** One log line per request with its request id (server/http/request-log.ts). */
  requestLog?: Middleware;
  /** The player's pages: registration, verification, reset, the demo lobby (server/players/). */
  pages?: Router[];
  /** The brand a client's pages show (interactions, /account). */
  brandOf?: ((clientId: string) => Promise<PageBrand | undefined>) | undefined;
  /** REQUIRE_EMAIL_VERIFICATION. */
  requireVerifiedEmail?: boolean | undefined;
  /** GET /metrics (server/metrics/metrics-route.ts). */
  metricsRoute?: Middleware;
}

/** oidc-provider answers store outages with 503 (see provider/unavailable.ts); tell clients when to retry. */
function retryAfterOn503(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithRetryAfter(this: ServerResponse, status: number, ...rest: unknown[]) {
    if (status === 503 && !this.hasHeader('retry-after')) this.setHeader('Retry-After', '5');
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
}

/**
 * oidc-provider's busiest endpoints (its default routes, which Pitboss keeps). None of our routers serves
 * these paths, so requests for them go straight to the provider instead of being matched against every
 * router first (that matching was ~5 % of a token request's CPU).
 */
const PROVIDER_ONLY_PATHS: ReadonlySet<string> = new Set([
  '/token',
  '/token/introspection',
  '/token/revocation',
  '/me',
  '/jwks',
  '/.well-known/openid-configuration',
]);

/** The koa root: our routes first, then everything else is handed to oidc-provider. */
export function createApp(deps: AppDeps): Koa {
  // Our own signed cookies (the admin console's) use koa's keygrip over the same cookie keys as oidc-provider.
  const app = new Koa({ proxy: deps.trustProxy, keys: [...deps.cookieKeys] });
  app.silent = true;
  app.use(resolveClientIp({ trustProxy: deps.trustProxy, hops: deps.trustProxyHops ?? 1 }));
  app.use(secureForHttpsIssuer(deps.issuer ?? ''));
  if (deps.requestLog) app.use(deps.requestLog);
  app.use(securityHeadersFor(deps.issuer));

  const own = new Router();
  own.get('/healthz', healthz);
  own.get('/readyz', readyz(deps.probes));
  if (deps.metricsRoute) own.get('/metrics', deps.metricsRoute);
  own.get('/', async (ctx) => {
    ctx.redirect('/.well-known/openid-configuration');
  });
  const interactions = interactionRoutes({
    provider: deps.live.current,
    csrfSecret: deps.csrfSecret,
    accounts: deps.accounts,
    audit: deps.audit,
    loginLimits: deps.limits?.login,
    mfa: deps.mfa,
    brandOf: deps.brandOf,
    selfService: Boolean(deps.pages?.length),
    requireVerifiedEmail: deps.requireVerifiedEmail,
    typedEmail: deps.typedEmail,
    passkeys: deps.passkeys,
    devices: deps.devices,
    previousLogin: deps.previousLogin,
  });

  app.use(errorBoundary(deps.log));
  app.use(rejectLargeBody());
  const ours: Middleware[] = [staticAssets()];
  const mount = (router: Router) =>
    ours.push(router.routes() as Middleware, router.allowedMethods() as Middleware);
  mount(own);
  ours.push(limitAdminApi(deps.limits?.admin));
  for (const router of deps.admin ?? []) mount(router);
  for (const router of deps.player ?? []) mount(router);
  mount(interactions);
  for (const router of deps.pages ?? []) mount(router);
  if (deps.mfa) {
    const account = accountRoutes({
      ...deps,
      mfa: deps.mfa,
      provider: deps.live.current,
      issuer: deps.issuer,
      attempts: passwordAttempts(deps.limits?.login),
      recent: deps.recentReauth,
      notify: deps.factorMail,
    });
    mount(account);
  }
  ours.push(offlineAccessForFirstParty(deps.live.current));
  const ourRoutes = compose(ours);
  app.use(async function ourRoutesFirst(ctx, next) {
    return PROVIDER_ONLY_PATHS.has(ctx.path) ? next() : ourRoutes(ctx, next);
  });
  app.use(async function oidcProvider(ctx, next) {
    // oidc-provider's middleware (it handles and renders its own errors) runs on this request's context.
    retryAfterOn503(ctx.res);
    await deps.live.middleware()(ctx, next);
  });
  return app;
}
