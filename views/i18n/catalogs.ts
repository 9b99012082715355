import { de } from './de.ts';
import { en } from './en.ts';
import { sv } from './sv.ts';

/** Every message key; English (`en.ts`) is the source of keys. */
export type MessageKey = keyof typeof en;

/** A catalog: one string per key (TypeScript and test/i18n/catalogs.test.ts both check completeness). */
export type Messages = { readonly [K in MessageKey]: string };

/** The languages every page and mail is written in (advertised as `ui_locales_supported`). */
export const LOCALES = ['en', 'de', 'sv'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGS: Readonly<Record<Locale, Messages>> = { en, de, sv };

/** Whether a string names one of our locales exactly (`de`, not `de-AT`). */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
