import type { NewClient } from '../clients/client-store.ts';
import type { DeliveryStatus } from '../logout/outbox.ts';
import type { AdminActions } from './actions.ts';
import type { BackchannelActions } from './backchannel-actions.ts';
import type { AdminActor, ClientPatch, Page } from './ports.ts';
import type { RouteName } from './route-table.ts';
import type { ValidInput } from './validate.ts';

type Handler = (input: ValidInput, admin: AdminActor) => Promise<unknown>;

const page = (q: Record<string, unknown>): Page => ({ limit: Number(q.limit), offset: Number(q.offset) });
const str = (v: unknown) => String(v);

/** One handler per route of the route table; input is already validated by the route's schemas. */
export function apiHandlers(
  actions: AdminActions,
  backchannel: BackchannelActions,
): Record<RouteName, Handler> {
  return {
    findUser: async ({ query }) => ({ user: await actions.findUserByEmail(str(query.email)) }),
    listSessions: ({ params, query }) => actions.listSessions(str(params.id), page(query)),
    endAllSessions: async ({ params }, admin) => ({
      ended: await actions.endAllSessions(admin, str(params.id)),
    }),
    endSession: async ({ params }, admin) => ({ ended: await actions.endSession(admin, str(params.sid)) }),
    listGrants: ({ params, query }) => actions.listGrants(str(params.id), page(query)),
    revokeGrant: async ({ params }, admin) => ({
      ended: await actions.revokeGrant(admin, str(params.grantId)),
    }),
    disableUser: ({ params, body }, admin) =>
      actions.disableUser(
        admin,
        str(params.id),
        body.status as 'disabled' | 'self_excluded',
        body.reason as string | undefined,
      ),
    queryAudit: ({ query }) =>
      actions.queryAudit({
        ...page(query),
        accountId: query.account as string | undefined,
        type: query.type as string | undefined,
        since: query.since ? new Date(str(query.since)) : undefined,
      }),
    listClients: ({ query }) => actions.listClients(page(query)),
    createClient: ({ body }, admin) => actions.createClient(admin, body as unknown as NewClient),
    getClient: ({ params }) => actions.getClient(str(params.id)),
    updateClient: ({ params, body }, admin) =>
      actions.updateClient(admin, str(params.id), body as ClientPatch),
    deleteClient: ({ params }, admin) => actions.deleteClient(admin, str(params.id)),
    listBackchannel: ({ query }) =>
      backchannel.listDeliveries({ ...page(query), status: query.status as DeliveryStatus | undefined }),
    retryBackchannel: ({ params }, admin) => backchannel.retryDelivery(admin, str(params.id)),
  };
}
