import type { AuditLog } from '../audit/audit-log.ts';
import type { Brand, BrandPatch, BrandStore, NewBrand } from '../brands/brand.ts';
import type { ClientStore } from '../clients/client-store.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
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
  const brandOf = (c: { metadata: unknown }) => (c.metadata as { brand_id?: unknown }).brand_id;
  /** brand id -> the ids of the clients that show it. */
  const clientsByBrand = async () => {
    const by = new Map<string, string[]>();
    for (const c of await deps.clients.list()) {
      const brandId = brandOf(c);
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
    /**
     * Deletes a brand no client shows; ConflictError (409) naming the clients otherwise (move them to
     * another brand, or none, first).
     */
    async deleteBrand(actor: AdminActor, id: string) {
      const found = await deps.brands.find(id);
      if (!found) throw new NotFoundError('brand');
      const inUse = async () => {
        const users = (await deps.clients.list())
          .filter((c) => brandOf(c) === id)
          .map((c) => ({ clientId: c.clientId, name: String(c.metadata.client_name ?? c.clientId) }));
        const named = users.map((c) => `${c.name} (${c.clientId})`).join(', ');
        return users.length
          ? new ConflictError(`brand: still shown by ${named}; give those clients another brand first`, {
              clients: users,
            })
          : undefined;
      };
      const refused = await inUse();
      if (refused) throw refused;
      if (!(await deps.brands.delete(id))) {
        // A client took the brand meanwhile (the store re-checks), or someone else deleted it.
        throw (await inUse()) ?? new NotFoundError('brand');
      }
      await recordAdminAction(deps.auditLog, actor, 'brand.delete', id, {}, { name: found.name });
      return { deleted: true as const, id, name: found.name };
    },
  };
}

export type BrandActions = ReturnType<typeof createBrandActions>;
