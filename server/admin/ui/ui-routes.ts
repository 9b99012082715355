import Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import { clientsPage } from '../../../views/admin/clients.ts';
import { dashboardPage } from '../../../views/admin/dashboard.ts';
import type { RgSummary } from '../../../views/admin/player-rg.ts';
import { signInPage } from '../../../views/admin/search.ts';
import type { NewClient } from '../../clients/client-store.ts';
import type { Config } from '../../config.ts';
import { InvalidInputError, NotFoundError } from '../../errors.ts';
import { parseInput as parse } from '../../parse-input.ts';
import type { ExpiringValues } from '../../sessions/expiring-values.ts';
import type { AdminActions } from '../actions.ts';
import type { BackchannelActions } from '../backchannel-actions.ts';
import type { BrandActions } from '../brand-actions.ts';
import type { RequireAdminDeps } from '../require-admin.ts';
import { clientCreateBody } from '../schemas.ts';
import { ADMIN_CLIENT_ID } from './admin-client.ts';
import { auditRoutes } from './audit-routes.ts';
import { brandRoutes } from './brand-routes.ts';
import { consoleKit, form, nav, page, ui } from './console-kit.ts';
import { deliveryRoutes } from './delivery-routes.ts';
import { finishLogin, type OidcLoginDeps, SESSION_COOKIE, startLogin } from './oidc-login.ts';
import { playerRoutes } from './player-routes.ts';
import { createUiStore, uiCookies } from './ui-session.ts';

export interface UiDeps extends RequireAdminDeps {
  actions: AdminActions;
  backchannel: BackchannelActions;
  brands: BrandActions;
  /** An account's responsible-gambling state (limits, pending changes, restriction, history). */
  rgSummary: (accountId: string) => Promise<RgSummary>;
  config: Config;
  cookieKeys: readonly string[];
  /** Expiring values for the console's server-side sessions (namespace admin-ui). */
  uiValues: ExpiringValues;
  log: Logger;
}

const words = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);

/**
 * The admin web console under /admin: an OIDC client of Pitboss, no scripts, every change a CSRF-checked
 * POST behind a confirmation page. Admins see everything; support staff search players, read their
 * account, sessions and grants, and end sessions and grants (403 elsewhere).
 */
export function adminUiRoutes(deps: UiDeps): Router {
  const router = new Router({ prefix: '/admin' });
  const store = createUiStore(deps.uiValues);
  const cookies = uiCookies((ctx) => ctx.secure);
  const login: OidcLoginDeps = { ...deps, issuer: deps.config.ISSUER, store, cookies };
  const kit = consoleKit({ ...deps, store, cookies });
  const { actions } = deps;
  const signedIn = kit.session(false);
  router.use(kit.errors);

  router.get('/', kit.session(true), async function home(ctx) {
    if (!ctx.state.ui) return page(ctx, signInPage());
    // Live figures are for admins; support staff get the search.
    const stats = ui(ctx).actor.role === 'admin' ? await actions.stats() : undefined;
    page(ctx, dashboardPage({ stats, nav: nav(ctx) }));
  });
  router.get('/login', startLogin(login));
  router.get('/callback', finishLogin(login));
  router.post('/logout', kit.parseForm, signedIn, kit.csrf, async function logout(ctx) {
    await store.delete(ui(ctx).sessionId);
    cookies.set(ctx, SESSION_COOKIE, null);
    ctx.status = 303;
    ctx.redirect('/admin');
  });

  playerRoutes(router, { actions, kit, store, newId: cookies.newId, rgSummary: deps.rgSummary });
  deliveryRoutes(router, { actions, backchannel: deps.backchannel, kit });
  auditRoutes(router, { actions, kit });
  brandRoutes(router, { brands: deps.brands, actions, kit });

  const internal = new Set([ADMIN_CLIENT_ID]);
  const admins = [signedIn, kit.allowRoles()] as const;
  const clients = async (
    ctx: Context,
    extra: { created?: { clientId: string; clientSecret?: string }; error?: string },
    status = 200,
  ) => {
    const { items } = await actions.listClients({ limit: 200, offset: 0 });
    const brands = (await deps.brands.listBrands({ limit: 200, offset: 0 })).items;
    const csrf = ui(ctx).csrf;
    page(
      ctx,
      clientsPage({ clients: items, brands, ...extra, csrf, admin: ui(ctx).actor.email, internal }),
      status,
    );
  };
  router.get('/clients', ...admins, async function listClients(ctx) {
    await clients(ctx, {});
  });
  router.post('/clients', kit.parseForm, ...admins, kit.csrf, async function registerClient(ctx) {
    const f = form(ctx);
    try {
      const input = parse(clientCreateBody, {
        name: f.name ?? '',
        redirectUris: words(f.redirectUris),
        postLogoutRedirectUris: words(f.postLogoutRedirectUris),
        ...(f.backchannelLogoutUri?.trim() && { backchannelLogoutUri: f.backchannelLogoutUri.trim() }),
        public: f.public === 'true',
        grantTypes: words(f.grantTypes),
        ...(f.scope?.trim() && { scope: f.scope }),
        ...(f.brandId && { brandId: f.brandId }),
      }) as NewClient;
      await clients(ctx, { created: await actions.createClient(ui(ctx).actor, input) }, 201);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      await clients(ctx, { error: err.message }, 400);
    }
  });
  router.post('/clients/:id/delete', kit.parseForm, ...admins, kit.csrf, async function deleteClient(ctx) {
    await actions.deleteClient(ui(ctx).actor, String(ctx.params.id));
    ctx.status = 303;
    ctx.redirect('/admin/clients');
  });
  router.all('/{*rest}', async function notFound() {
    throw new NotFoundError('page');
  });
  return router;
}
