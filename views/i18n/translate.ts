import { escapeHtml, SafeHtml } from '../html.ts';
import { CATALOGS, type Locale, type MessageKey } from './catalogs.ts';

export type MessageParams = Readonly<Record<string, string | number>>;

/** Keys that come in `.one` / `.other` pairs for `Translate.plural`. */
type PluralBase = { [K in MessageKey]: K extends `${infer Base}.one` ? Base : never }[MessageKey];

/** A message chosen by code before the page's language is known: a key, or a key with its params. */
export type PageMessage = MessageKey | { readonly key: MessageKey; readonly params: MessageParams };

/** Looks messages up in one locale's catalog and fills `{placeholders}`. */
export interface Translate {
  (key: MessageKey, params?: MessageParams): string;
  /** The message as markup: its text escaped, SafeHtml params (a link, <strong>) kept as markup. */
  html(key: MessageKey, params?: Readonly<Record<string, string | number | SafeHtml>>): SafeHtml;
  /** The `.one` or `.other` form by the locale's plural rules, with `{count}` filled. */
  plural(base: PluralBase, count: number, params?: MessageParams): string;
  /** A PageMessage in this language. */
  message(m: PageMessage): string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The translation function for one locale (a missing param is left visible as `{name}`, never dropped). */
export function translator(locale: Locale): Translate {
  const catalog = CATALOGS[locale];
  const rules = new Intl.PluralRules(locale);
  const t = ((key, params = {}) =>
    catalog[key].replace(PLACEHOLDER, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    )) as Translate;
  t.html = (key, params = {}) =>
    new SafeHtml(
      catalog[key]
        .split(PLACEHOLDER)
        .map((part, i) => {
          if (i % 2 === 0) return escapeHtml(part);
          const value = params[part];
          if (value === undefined) return escapeHtml(`{${part}}`);
          return value instanceof SafeHtml ? value.value : escapeHtml(value);
        })
        .join(''),
    );
  t.plural = (base, count, params = {}) => {
    const form = rules.select(count) === 'one' ? 'one' : 'other';
    return t(`${base}.${form}` as MessageKey, { ...params, count });
  };
  t.message = (m) => (typeof m === 'string' ? t(m) : t(m.key, m.params));
  return t;
}
