import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import type { AdminActions } from './actions.ts';
import { adminApiErrors } from './api-errors.ts';
import { apiHandlers } from './api-handlers.ts';
import type { BackchannelActions } from './backchannel-actions.ts';
import { openApiDocument } from './openapi.ts';
import { type RequireAdminDeps, requireAdmin } from './require-admin.ts';
import { ROUTES, type RouteName } from './route-table.ts';
import { validate } from './validate.ts';

const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: '64kb', encoding: 'utf-8' });

/** The admin API under /admin/api: each route is [requireAdmin, parseJson, validateInput, handler]. */
export function adminApiRoutes(
  deps: RequireAdminDeps & {
    actions: AdminActions;
    backchannel: BackchannelActions;
    issuer: string;
    log: Logger;
  },
): Router {
  const router = new Router({ prefix: '/admin/api' });
  const handlers = apiHandlers(deps.actions, deps.backchannel);
  const document = openApiDocument(deps.issuer);
  router.use(adminApiErrors(deps.log));
  router.get('/openapi.json', async function openApi(ctx: Context) {
    ctx.body = document;
  });
  const authenticate = requireAdmin(deps);
  for (const [name, spec] of Object.entries(ROUTES) as [RouteName, (typeof ROUTES)[RouteName]][]) {
    const handle = handlers[name];
    router[spec.method](
      name,
      spec.path,
      authenticate,
      parseJson,
      validate(spec),
      async function respond(ctx: Context) {
        ctx.body = await handle(ctx.state.input, ctx.state.admin);
        ctx.status = 'status' in spec ? spec.status : 200;
      },
    );
  }
  return router;
}
