import type { BrandPatch, NewBrand } from '../brands/brand.ts';
import type { NewClient } from '../clients/client-store.ts';
import type { DeliveryStatus } from '../logout/outbox.ts';
import type { RestrictionPeriod } from '../rg/periods.ts';
import type { AdminActions } from './actions.ts';
import type { BackchannelActions } from './backchannel-actions.ts';
import type { BrandActions } from './brand-actions.ts';
import type { AdminActor, ClientPatch, Page } from './ports.ts';
import type { RgAdminActions } from './rg-admin-actions.ts';
import type { RouteName } from './route-table.ts';
import type { ValidInput } from './validate.ts';

/** One route's work: validated input and the acting operator in, the answer (or an async iterable) out. */
export type Handler = (input: ValidInput, admin: AdminActor) => Promise<unknown>;

const page = (q: Record<string, unknown>): Page => ({ limit: Number(q.limit), offset: Number(q.offset) });
const str = (v: unknown) => String(v);
const date = (v: unknown) => (v ? new Date(str(v)) : undefined);
const opt = (v: unknown) => (v === undefined ? undefined : str(v));
const without = <T extends Record<string, unknown>>(body: T) => {
  const { reason: _reason, ...rest } = body;
  return rest;
};

/** The services the admin API's handlers call. */
export interface AdminServices {
  actions: AdminActions;
  backchannel: BackchannelActions;
  brands: BrandActions;
  rg: RgAdminActions;
}

/** One handler per route of the route table; input is already validated by the route's schemas. */
export function apiHandlers({ actions, backchannel, brands, rg }: AdminServices): Record<RouteName, Handler> {
  return {
    findUser: async ({ query }) =>
      query.q !== undefined
        ? actions.searchUsers(str(query.q), page(query))
        : { user: await actions.findUserByEmail(str(query.email)) },
    getUser: ({ params }) => actions.getUser(str(params.id)),
    unlockUser: ({ params }, admin) => actions.unlock(admin, str(params.id)),
    enableUser: ({ params }, admin) => actions.enableUser(admin, str(params.id)),
    resetMfa: ({ params }, admin) => actions.resetMfa(admin, str(params.id)),
    sendPasswordReset: ({ params }, admin) => actions.sendPasswordReset(admin, str(params.id)),
    setRole: ({ params, body }, admin) =>
      actions.setRole(admin, str(params.id), body.role as 'admin' | 'support' | 'none'),
    timeoutUser: ({ params, body }, admin) =>
      rg.timeout(admin, str(params.id), body.period as RestrictionPeriod),
    selfExcludeUser: ({ params, body }, admin) =>
      rg.selfExclude(admin, str(params.id), body.period as RestrictionPeriod),
    getUserRg: ({ params }) => rg.summary(str(params.id)),
    stats: () => actions.stats(),
    listSessions: ({ params, query }) => actions.listSessions(str(params.id), page(query)),
    endAllSessions: async ({ params }, admin) => ({
      ended: await actions.endAllSessions(admin, str(params.id)),
    }),
    endSession: async ({ params }, admin) => {
      const { accountId: _account, ...ended } = await actions.endSession(admin, str(params.sid));
      return { ended };
    },
    listGrants: ({ params, query }) => actions.listGrants(str(params.id), page(query)),
    revokeGrant: async ({ params }, admin) => {
      const { accountId: _account, ...ended } = await actions.revokeGrant(admin, str(params.grantId));
      return { ended };
    },
    disableUser: ({ params, body }, admin) =>
      actions.disableUser(admin, str(params.id), body.status as 'disabled' | 'self_excluded'),
    queryAudit: async ({ query }) => {
      const filter = {
        accountId: opt(query.account),
        type: opt(query.type),
        since: date(query.since),
        until: date(query.until),
        ip: opt(query.ip),
        clientId: opt(query.client),
      };
      if (query.format === 'ndjson') return actions.exportAudit(filter);
      return actions.queryAudit({ ...filter, ...page(query) });
    },
    listClients: ({ query }) => actions.listClients(page(query)),
    createClient: ({ body }, admin) => actions.createClient(admin, without(body) as unknown as NewClient),
    getClient: ({ params }) => actions.getClient(str(params.id)),
    updateClient: ({ params, body }, admin) =>
      actions.updateClient(admin, str(params.id), without(body) as ClientPatch),
    deleteClient: ({ params }, admin) => actions.deleteClient(admin, str(params.id)),
    listBrands: ({ query }) => brands.listBrands(page(query)),
    createBrand: ({ body }, admin) => brands.createBrand(admin, without(body) as NewBrand),
    getBrand: ({ params }) => brands.getBrand(str(params.id)),
    updateBrand: ({ params, body }, admin) =>
      brands.updateBrand(admin, str(params.id), without(body) as BrandPatch),
    listBackchannel: ({ query }) =>
      backchannel.listDeliveries({ ...page(query), status: query.status as DeliveryStatus | undefined }),
    retryBackchannel: ({ params }, admin) => backchannel.retryDelivery(admin, str(params.id)),
  };
}
