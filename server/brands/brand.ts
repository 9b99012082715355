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

/** What `pitboss brand add` (and the admin API) accepts; field names as the CLI flags, camel-cased. */
export const newBrandSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  logoUrl: webUrl.optional(),
  primaryColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0b6e3a')
    .transform((c) => c.toLowerCase())
    .default('#0b6e3a'),
  supportUrl: webUrl.optional(),
  minAge: z.coerce
    .number()
    .int('must be a whole number')
    .min(16, 'must be at least 16')
    .max(25, 'must be at most 25')
    .optional(),
  defaultLocale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).default('en'),
});

export type NewBrand = z.input<typeof newBrandSchema>;

/** Storage of brands (adapters/postgres/brand-store.ts). */
export interface BrandStore {
  /** InvalidInputError naming the field on bad input; ConflictError when the name is taken. */
  create(input: NewBrand): Promise<Brand>;
  find(id: string): Promise<Brand | undefined>;
  list(): Promise<Brand[]>;
}
