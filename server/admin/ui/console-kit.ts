import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import { adminLayout, type ConsoleNav } from '../../../views/admin/layout.ts';
import { signInPage } from '../../../views/admin/search.ts';
import { html } from '../../../views/html.ts';
import type { OperatorRole } from '../../accounts/operator-roles.ts';
import { AppError, ForbiddenError } from '../../errors.ts';
import { assertCsrf, csrfToken } from '../../http/csrf.ts';
import type { AdminActor } from '../ports.ts';
import { type RequireAdminDeps, resolveAdmin } from '../require-admin.ts';
import { SESSION_COOKIE } from './oidc-login.ts';
import type { UiStore, uiCookies } from './ui-session.ts';

const CSRF_SCOPE = 'admin-ui';

/** The signed-in operator of a console request. */
export interface UiState {
  actor: AdminActor;
  csrf: string;
  csrfSecret: string;
  sessionId: string;
}

export const ui = (ctx: Context) => ctx.state.ui as UiState;
export const form = (ctx: Context) =>
  ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, string>;
export const nav = (ctx: Context): ConsoleNav => ({
  email: ui(ctx).actor.email,
  csrf: ui(ctx).csrf,
  role: ui(ctx).actor.role,
});

/** Answers with an HTML page. */
export function page(ctx: Context, body: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = body;
}

/** The pieces every console route uses: who is signed in, CSRF, role checks. */
export function consoleKit(
  deps: RequireAdminDeps & { store: UiStore; cookies: ReturnType<typeof uiCookies> },
) {
  const { store, cookies } = deps;
  /** Loads the signed-in operator; the access token is re-checked each time, so revoking it signs them out. */
  const session = (optional: boolean) =>
    async function loadConsoleSession(ctx: Context, next: Next) {
      const id = cookies.read(ctx, SESSION_COOKIE);
      const record = id ? await store.get(id) : undefined;
      const actor =
        record?.kind === 'session'
          ? await resolveAdmin(deps, record.accessToken!).catch(() => undefined)
          : undefined;
      if (!actor || !record || !id) {
        if (id) cookies.set(ctx, SESSION_COOKIE, null);
        if (optional) return next();
        if (ctx.method === 'GET') return ctx.redirect('/admin/login');
        return page(ctx, signInPage(), 401);
      }
      const csrfSecret = record.csrfSecret!;
      ctx.state.ui = {
        actor: { ...actor, surface: 'console', ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined },
        csrf: csrfToken(csrfSecret, CSRF_SCOPE),
        csrfSecret,
        sessionId: id,
      } satisfies UiState;
      await next();
    };
  return {
    session,
    parseForm: bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' }),
    async csrf(ctx: Context, next: Next) {
      assertCsrf(ui(ctx).csrfSecret, CSRF_SCOPE, form(ctx).csrf);
      await next();
    },
    /** Refuses (403) an operator whose role is not among `roles` (admin always passes). */
    allowRoles(...roles: OperatorRole[]) {
      return async function requireRole(ctx: Context, next: Next) {
        const { role } = ui(ctx).actor;
        if (role !== 'admin' && !roles.includes(role)) {
          throw new ForbiddenError(`The ${role} role cannot open this page or do this; ask an admin.`);
        }
        await next();
      };
    },
    /** Console errors as console pages: the message of an exposed error, inside the console's layout. */
    async errors(ctx: Context, next: Next) {
      try {
        await next();
      } catch (err) {
        if (!(err instanceof AppError) || !err.expose || err.status >= 500) throw err;
        const title =
          err.status === 403 ? 'Not allowed' : err.status === 404 ? 'Not found' : 'Cannot do that';
        page(
          ctx,
          adminLayout(
            title,
            html`<section><h1>${title}</h1><p class="error" role="alert">${err.message}</p></section>`,
            ctx.state.ui ? nav(ctx) : undefined,
          ),
          err.status,
        );
      }
    },
  };
}

export type ConsoleKit = ReturnType<typeof consoleKit>;
