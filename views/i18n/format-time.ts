import type { Locale } from './catalogs.ts';

const utc = (style: Intl.DateTimeFormat) => (d: Date) => `${style.format(d)} UTC`;

/**
 * A moment as players of each language read it, always in UTC (said so) to the minute. English keeps the ISO
 * form (2026-12-01 14:40 UTC): our English readers are in the UK, Ontario and New Jersey, who write day and
 * month in opposite orders, and ISO is ambiguous to none of them. German and Swedish have one convention each.
 */
const FORMATS: Readonly<Record<Locale, (d: Date) => string>> = {
  en: (d) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  de: utc(new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })),
  sv: utc(new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })),
};

/** Formats `date` for pages and mails in `locale` (UTC, minute precision). */
export function formatTime(locale: Locale, date: Date): string {
  return FORMATS[locale](date);
}
