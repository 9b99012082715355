import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { clientsPage } from '../../../views/admin/clients.ts';
import { playerPage } from '../../../views/admin/player.ts';
import { searchPage, signInPage } from '../../../views/admin/search.ts';
import type { NewClient } from '../../clients/client-store.ts';
import type { Config } from '../../config.ts';
import { InvalidInputError, NotFoundError } from '../../errors.ts';
import { assertCsrf, csrfToken } from '../../http/csrf.ts';
import { parseInput as parse } from '../../parse-input.ts';
import type { ExpiringValues } from '../../sessions/expiring-values.ts';
import type { AdminActions } from '../actions.ts';
import type { AdminActor } from '../ports.ts';
import { type RequireAdminDeps, resolveAdmin } from '../require-admin.ts';
import {
  accountIdParams,
  clientCreateBody,
  disableBody,
  grantIdParams,
  sessionIdParams,
} from '../schemas.ts';
import { ADMIN_CLIENT_ID } from './admin-client.ts';
import { finishLogin, type OidcLoginDeps, SESSION_COOKIE, startLogin } from './oidc-login.ts';
import { createUiStore, uiCookies } from './ui-session.ts';

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });
const CSRF_SCOPE = 'admin-ui';

export interface UiDeps extends RequireAdminDeps {
  actions: AdminActions;
  config: Config;
  cookieKeys: readonly string[];
  /** Expiring values for the console's server-side sessions (namespace admin-ui). */
  uiValues: ExpiringValues;
  log: Logger;
}

interface UiState {
  actor: AdminActor;
  csrf: string;
  csrfSecret: string;
}
const ui = (ctx: Context) => ctx.state.ui as UiState;
const form = (ctx: Context) =>
  ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, string>;
const words = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);

/** The admin web console under /admin: an OIDC client of Pitboss, every change a CSRF-checked POST. */
export function adminUiRoutes(deps: UiDeps): Router {
  const router = new Router({ prefix: '/admin' });
  const store = createUiStore(deps.uiValues);
  const cookies = uiCookies((ctx) => ctx.secure);
  const login: OidcLoginDeps = { ...deps, issuer: deps.config.ISSUER, store, cookies };
  const { actions } = deps;

  /** Loads the signed-in admin; the access token is re-checked each time, so revoking it signs the admin out. */
  const session = (optional: boolean) =>
    async function loadAdminSession(ctx: Context, next: Next) {
      const id = cookies.read(ctx, SESSION_COOKIE);
      const record = id ? await store.get(id) : undefined;
      const actor =
        record?.kind === 'session'
          ? await resolveAdmin(deps, record.accessToken!).catch(() => undefined)
          : undefined;
      if (!actor || !record) {
        if (id) cookies.set(ctx, SESSION_COOKIE, null);
        if (optional) return next();
        if (ctx.method === 'GET') return ctx.redirect('/admin/login');
        ctx.status = 401;
        ctx.body = signInPage();
        return;
      }
      const csrfSecret = record.csrfSecret!;
      ctx.state.ui = {
        actor: { ...actor, ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined },
        csrf: csrfToken(csrfSecret, CSRF_SCOPE),
        csrfSecret,
      } satisfies UiState;
      ctx.state.uiSessionId = id;
      await next();
    };
  const csrf = async function checkCsrf(ctx: Context, next: Next) {
    assertCsrf(ui(ctx).csrfSecret, CSRF_SCOPE, form(ctx).csrf);
    await next();
  };
  const page = (ctx: Context, body: string, status = 200) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = body;
  };
  const back = (ctx: Context, accountId: string, notice: string) => {
    ctx.status = 303;
    ctx.redirect(`/admin/players/${encodeURIComponent(accountId)}?done=${encodeURIComponent(notice)}`);
  };
  const counted = (e: { sessions: number; grants: number }) =>
    `${e.sessions} session(s) and ${e.grants} grant(s) ended.`;

  router.get('/', session(true), async function home(ctx) {
    if (!ctx.state.ui) return page(ctx, signInPage());
    page(ctx, searchPage({ csrf: ui(ctx).csrf, admin: ui(ctx).actor.email }));
  });
  router.get('/login', startLogin(login));
  router.get('/callback', finishLogin(login));
  router.post('/logout', parseForm, session(false), csrf, async function logout(ctx) {
    await store.delete(String(ctx.state.uiSessionId));
    cookies.set(ctx, SESSION_COOKIE, null);
    ctx.status = 303;
    ctx.redirect('/admin');
  });
  router.get('/players', session(false), async function findPlayer(ctx) {
    const email = typeof ctx.query.email === 'string' ? ctx.query.email.trim() : '';
    const found = email ? await actions.findUserByEmail(email).catch(() => undefined) : undefined;
    if (found) return ctx.redirect(`/admin/players/${encodeURIComponent(found.id)}`);
    page(
      ctx,
      searchPage({
        email,
        error: 'No player with that email.',
        csrf: ui(ctx).csrf,
        admin: ui(ctx).actor.email,
      }),
      404,
    );
  });
  router.get('/players/:id', session(false), async function showPlayer(ctx) {
    const { id } = parse(accountIdParams, ctx.params);
    const account = await actions.getUser(id);
    const all = { limit: 200, offset: 0 };
    const [sessions, grants, audit] = await Promise.all([
      actions.listSessions(id, all),
      actions.listGrants(id, all),
      actions.queryAudit({ accountId: id, limit: 50, offset: 0 }),
    ]);
    const notice = typeof ctx.query.done === 'string' ? ctx.query.done.slice(0, 200) : undefined;
    // Support staff recognise studios by name, not by client id.
    const ids = new Set([
      ...sessions.items.flatMap((x) => x.clients),
      ...grants.items.map((g) => g.clientId),
    ]);
    const clientNames: Record<string, string> = {};
    await Promise.all(
      [...ids].map(async (clientId) => {
        const found = await actions.getClient(clientId).catch(() => undefined);
        const name = found?.metadata.client_name;
        if (typeof name === 'string') clientNames[clientId] = name;
      }),
    );
    page(
      ctx,
      playerPage({
        account,
        clientNames,
        sessions: sessions.items,
        grants: grants.items,
        audit: audit.items,
        notice,
        csrf: ui(ctx).csrf,
        admin: ui(ctx).actor.email,
      }),
    );
  });
  router.post('/players/:id/end-all', parseForm, session(false), csrf, async function endAll(ctx) {
    const { id } = parse(accountIdParams, ctx.params);
    back(ctx, id, counted(await actions.endAllSessions(ui(ctx).actor, id)));
  });
  router.post('/players/:id/sessions/:sid/end', parseForm, session(false), csrf, async function endOne(ctx) {
    const { id } = parse(accountIdParams, ctx.params);
    const { sid } = parse(sessionIdParams, ctx.params);
    back(ctx, id, counted(await actions.endSession(ui(ctx).actor, sid)));
  });
  router.post(
    '/players/:id/grants/:grantId/revoke',
    parseForm,
    session(false),
    csrf,
    async function revoke(ctx) {
      const { id } = parse(accountIdParams, ctx.params);
      const { grantId } = parse(grantIdParams, ctx.params);
      back(ctx, id, counted(await actions.revokeGrant(ui(ctx).actor, grantId)));
    },
  );
  router.post('/players/:id/disable', parseForm, session(false), csrf, async function disable(ctx) {
    const { id } = parse(accountIdParams, ctx.params);
    const { status } = parse(disableBody, { status: form(ctx).status });
    const result = await actions.disableUser({ ...ui(ctx).actor, surface: 'console' }, id, status);
    back(ctx, id, `Account ${result.user.status}; ${counted(result.ended)}`);
  });

  const internal = new Set([ADMIN_CLIENT_ID]);
  const clients = async (
    ctx: Context,
    extra: { created?: { clientId: string; clientSecret?: string }; error?: string },
    status = 200,
  ) => {
    const { items } = await actions.listClients({ limit: 200, offset: 0 });
    page(
      ctx,
      clientsPage({ clients: items, ...extra, csrf: ui(ctx).csrf, admin: ui(ctx).actor.email, internal }),
      status,
    );
  };
  router.get('/clients', session(false), async function listClients(ctx) {
    await clients(ctx, {});
  });
  router.post('/clients', parseForm, session(false), csrf, async function registerClient(ctx) {
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
      }) as NewClient;
      await clients(ctx, { created: await actions.createClient(ui(ctx).actor, input) }, 201);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      await clients(ctx, { error: err.message }, 400);
    }
  });
  router.post('/clients/:id/delete', parseForm, session(false), csrf, async function deleteClient(ctx) {
    await actions.deleteClient(ui(ctx).actor, String(ctx.params.id));
    ctx.status = 303;
    ctx.redirect('/admin/clients');
  });
  router.all('/{*rest}', async function notFound() {
    throw new NotFoundError('page');
  });
  return router;
}
