import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { ForbiddenError } from '../errors.ts';
import { adminApiErrors } from './api-errors.ts';
import { type AdminServices, apiHandlers, type Handler } from './api-handlers.ts';
import { sendNdjson } from './ndjson.ts';
import { openApiDocument } from './openapi.ts';
import type { AdminActor } from './ports.ts';
import { type RequireAdminDeps, requireAdmin } from './require-admin.ts';
import { ROUTES, type RouteName, type RouteSpec } from './route-table.ts';
import { validate } from './validate.ts';

// DELETE takes a body too: every change may say why ({ "reason": ... }).
const parseJson = bodyParser({
  enableTypes: ['json'],
  jsonLimit: '64kb',
  encoding: 'utf-8',
  parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
});

/** Refuses (403) an operator whose role the route does not admit; admin may call every route. */
export function authorize(spec: RouteSpec, name: string) {
  return async function authorizeRole(ctx: Context, next: Next) {
    const actor = ctx.state.admin as AdminActor;
    if (actor.role !== 'admin' && !spec.alsoFor?.includes(actor.role)) {
      throw new ForbiddenError(`the ${actor.role} role may not ${name}; an admin may`);
    }
    await next();
  };
}

/** The handler's answer: JSON, or NDJSON streamed from an async iterable (one JSON value a line). */
function respond(spec: RouteSpec, handle: Handler) {
  return async function respond(ctx: Context) {
    const actor: AdminActor = { ...ctx.state.admin, surface: 'admin_api' };
    const reason = ctx.state.input.body.reason;
    const result = await handle(ctx.state.input, typeof reason === 'string' ? { ...actor, reason } : actor);
    if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
      return sendNdjson(ctx, result as AsyncIterable<unknown>);
    }
    ctx.body = result;
    ctx.status = spec.status ?? 200;
  };
}

/** The admin API under /admin/api: each route is [requireAdmin, authorizeRole, parseJson, validateInput, respond]. */
export function adminApiRoutes(
  deps: RequireAdminDeps &
    AdminServices & {
      issuer: string;
      log: Logger;
    },
): Router {
  const router = new Router({ prefix: '/admin/api' });
  const handlers = apiHandlers(deps);
  const document = openApiDocument(deps.issuer);
  router.use(adminApiErrors(deps.log));
  router.get('/openapi.json', async function openApi(ctx: Context) {
    ctx.body = document;
  });
  const authenticate = requireAdmin(deps);
  for (const [name, spec] of Object.entries(ROUTES) as [RouteName, RouteSpec][]) {
    router[spec.method](
      name,
      spec.path,
      authenticate,
      authorize(spec, name),
      parseJson,
      validate(spec),
      respond(spec, handlers[name]),
    );
  }
  return router;
}
