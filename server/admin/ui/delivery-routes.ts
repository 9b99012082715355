import type Router from '@koa/router';
import { deliveriesPage } from '../../../views/admin/deliveries.ts';
import { parseInput as parse } from '../../parse-input.ts';
import type { AdminActions } from '../actions.ts';
import type { BackchannelActions } from '../backchannel-actions.ts';
import { backchannelQuery, deliveryIdParams } from '../schemas.ts';
import { type ConsoleKit, nav, page, ui } from './console-kit.ts';

/** The back-channel deliveries page (admins): the outbox by state, one delivery, retry. */
export function deliveryRoutes(
  router: Router,
  deps: { actions: AdminActions; backchannel: BackchannelActions; kit: ConsoleKit },
): void {
  const { kit, backchannel, actions } = deps;
  const admins = [kit.session(false), kit.allowRoles()] as const;
  const names = async (clientIds: string[]) => {
    const out: Record<string, string> = {};
    for (const id of new Set(clientIds)) {
      const name = (await actions.getClient(id).catch(() => undefined))?.metadata.client_name;
      if (typeof name === 'string') out[id] = name;
    }
    return out;
  };

  router.get('/deliveries', ...admins, async function listDeliveries(ctx) {
    const status = typeof ctx.query.status === 'string' ? ctx.query.status : 'pending';
    const query = parse(backchannelQuery, {
      ...(status && { status }),
      offset: ctx.query.offset,
    });
    const rows = await backchannel.listDeliveries(query);
    const notice = typeof ctx.query.done === 'string' ? ctx.query.done.slice(0, 200) : undefined;
    const clientNames = await names(rows.items.map((d) => d.clientId));
    page(ctx, deliveriesPage({ rows, status: query.status ?? '', clientNames, notice, nav: nav(ctx) }));
  });

  router.get('/deliveries/:id', ...admins, async function showDelivery(ctx) {
    const { id } = parse(deliveryIdParams, ctx.params);
    const one = await backchannel.getDelivery(id);
    const rows = { items: [one], limit: 1, offset: 0, nextOffset: null };
    const notice = typeof ctx.query.done === 'string' ? ctx.query.done.slice(0, 200) : undefined;
    const clientNames = await names([one.clientId]);
    page(ctx, deliveriesPage({ rows, status: one.status, clientNames, notice, nav: nav(ctx) }));
  });

  router.post('/deliveries/:id/retry', kit.parseForm, ...admins, kit.csrf, async function retry(ctx) {
    const { id } = parse(deliveryIdParams, ctx.params);
    const after = await backchannel.retryDelivery(ui(ctx).actor, id);
    ctx.status = 303;
    ctx.redirect(
      `/admin/deliveries/${encodeURIComponent(after.id)}?done=${encodeURIComponent('Retry queued.')}`,
    );
  });
}
