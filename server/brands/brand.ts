import { z } from 'zod';
import { LOCALES, type Locale } from '../../views/i18n/catalogs.ts';

/** A casino brand run on this platform: its pages and mails show its name, colour, logo and support link. */
export interface Brand {
  readonly id: string;
  readonly name: string;
  readonly logoUrl: string | null;
  /** #RRGGBB */
  readonly primaryColor: string;
  readonly supportUrl: string | null;
  /** Raises MIN_AGE for this brand's registrations (never lowers it). */
  readonly minAge: number | null;
  readonly defaultLocale: Locale;
  readonly createdAt: Date;
}

const webUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000, 'must be at most 2000 characters');

const colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0b6e3a')
  .transform((c) => c.toLowerCase());
const minAge = z.coerce
  .number()
  .int('must be a whole number')
  .min(16, 'must be at least 16')
  .max(25, 'must be at most 25');
const locale = z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` });
const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

/** What `pitboss brand add` (and the admin API) accepts; field names as the CLI flags, camel-cased. */
export const newBrandSchema = z.object({
  name,
  logoUrl: webUrl.optional(),
  primaryColor: colour.default('#0b6e3a'),
  supportUrl: webUrl.optional(),
  minAge: minAge.optional(),
  defaultLocale: locale.default('en'),
});

/** A change to a brand (admin API, console): only the fields given change; null clears an optional one. */
export const brandPatchSchema = z.object({
  name: name.optional(),
  logoUrl: webUrl.nullable().optional(),
  primaryColor: colour.optional(),
  supportUrl: webUrl.nullable().optional(),
  minAge: minAge.nullable().optional(),
  defaultLocale: locale.optional(),
});

export type NewBrand = z.input<typeof newBrandSchema>;
export type BrandPatch = z.input<typeof brandPatchSchema>;

/** Storage of brands (adapters/postgres/brand-store.ts). */
export interface BrandStore {
  /** InvalidInputError naming the field on bad input; ConflictError when the name is taken. */
  create(input: NewBrand): Promise<Brand>;
  find(id: string): Promise<Brand | undefined>;
  list(): Promise<Brand[]>;
  /**
   * Applies a patch; undefined when no such brand. InvalidInputError / ConflictError as for create. The
   * brand's pages and mails change at once (pages read the brand on every request).
   */
  update(id: string, patch: BrandPatch): Promise<Brand | undefined>;
}
