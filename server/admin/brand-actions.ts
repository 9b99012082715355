import type { AuditLog } from '../audit/audit-log.ts';
import type { Brand, BrandPatch, BrandStore, NewBrand } from '../brands/brand.ts';
import type { ClientStore } from '../clients/client-store.ts';
import { NotFoundError } from '../errors.ts';
import type { AdminActor, Page } from './ports.ts';
import { recordAdminAction } from './record-action.ts';

export interface BrandAdminDeps {
  brands: BrandStore;
  /** To say how many clients show each brand (their metadata's brand_id). */
  clients: Pick<ClientStore, 'list'>;
  auditLog: AuditLog;
}

/** One brand as operators see it. */
export function brandView(b: Brand, clients: string[]) {
  return {
    id: b.id,
    name: b.name,
    logoUrl: b.logoUrl,
    primaryColor: b.primaryColor,
    supportUrl: b.supportUrl,
    minAge: b.minAge,
    defaultLocale: b.defaultLocale,
    createdAt: b.createdAt.toISOString(),
    clients,
  };
}

/** Admin operations on brands (list, read, create, change); each change is one `admin.action` row. */
export function createBrandActions(deps: BrandAdminDeps) {
  /** brand id -> the ids of the clients that show it. */
  const clientsByBrand = async () => {
    const by = new Map<string, string[]>();
    for (const c of await deps.clients.list()) {
      const brandId = (c.metadata as { brand_id?: unknown }).brand_id;
      if (typeof brandId === 'string') by.set(brandId, [...(by.get(brandId) ?? []), c.clientId]);
    }
    return by;
  };
  const view = async (b: Brand) => brandView(b, (await clientsByBrand()).get(b.id) ?? []);
  return {
    async listBrands(page: Page) {
      const [all, by] = await Promise.all([deps.brands.list(), clientsByBrand()]);
      const items = all
        .slice(page.offset, page.offset + page.limit)
        .map((b) => brandView(b, by.get(b.id) ?? []));
      return { items, total: all.length, ...page };
    },
    async getBrand(id: string) {
      const found = await deps.brands.find(id);
      if (!found) throw new NotFoundError('brand');
      return view(found);
    },
    async createBrand(actor: AdminActor, input: NewBrand) {
      const created = await deps.brands.create(input);
      await recordAdminAction(deps.auditLog, actor, 'brand.create', created.id, {}, { name: created.name });
      return brandView(created, []);
    },
    async updateBrand(actor: AdminActor, id: string, patch: BrandPatch) {
      const updated = await deps.brands.update(id, patch);
      if (!updated) throw new NotFoundError('brand');
      await recordAdminAction(deps.auditLog, actor, 'brand.update', id, {}, { fields: Object.keys(patch) });
      return view(updated);
    },
  };
}

export type BrandActions = ReturnType<typeof createBrandActions>;
