import { DEFAULT_PAGE_BRAND, type PageBrand } from '../../views/ui.ts';
import type { Brand, BrandStore } from './brand.ts';

/** What pages and mails show for a brand: its look, and the minimum age raised to at least MIN_AGE. */
export function pageBrand(brand: Brand | undefined, minAge: number): PageBrand {
  if (!brand) return { ...DEFAULT_PAGE_BRAND, minAge };
  return {
    name: brand.name,
    color: brand.primaryColor,
    logoUrl: brand.logoUrl ?? undefined,
    supportUrl: brand.supportUrl ?? undefined,
    minAge: Math.max(minAge, brand.minAge ?? 0),
    defaultLocale: brand.defaultLocale,
  };
}

/** The brand of a client's requests (its `brand_id` metadata), or the platform's own look. */
export interface BrandResolver {
  forClient(clientId: string | undefined): Promise<PageBrand>;
  /** The platform's own look (standalone pages without a client). */
  platform(): PageBrand;
}

export function createBrandResolver(deps: {
  brands: BrandStore;
  /** The client's brand_id (client metadata), if any. */
  brandIdOf: (clientId: string) => Promise<string | undefined>;
  minAge: number;
}): BrandResolver {
  return {
    async forClient(clientId) {
      const brandId = clientId ? await deps.brandIdOf(clientId) : undefined;
      const brand = brandId ? await deps.brands.find(brandId) : undefined;
      return pageBrand(brand, deps.minAge);
    },
    platform: () => pageBrand(undefined, deps.minAge),
  };
}
