import type { Locale } from './i18n/catalogs.ts';
import { type Translate, translator } from './i18n/translate.ts';

/** What a page shows of its brand (server/brands/ builds it from the client's brand and MIN_AGE). */
export interface PageBrand {
  readonly name: string;
  /** #RRGGBB; buttons, links and the card's top edge. */
  readonly color: string;
  readonly logoUrl?: string | undefined;
  readonly supportUrl?: string | undefined;
  /** The minimum age that applies (the brand's, raised to at least MIN_AGE). */
  readonly minAge: number;
  /** The language when neither ui_locales nor Accept-Language names one we speak (default en). */
  readonly defaultLocale?: Locale | undefined;
}

/** The platform's own look, for requests of clients without a brand and for standalone pages. */
export const DEFAULT_PAGE_BRAND: PageBrand = Object.freeze({ name: 'Pitboss', color: '#0b6e3a', minAge: 18 });

/** Everything a view needs besides its own data: the language, its messages and the brand. */
export interface Ui {
  readonly locale: Locale;
  readonly t: Translate;
  readonly brand: PageBrand;
}

const translators = new Map<Locale, Translate>();

/** The Ui for one response; server/http/page-ui.ts picks the locale and brand from the request. */
export function createUi(locale: Locale = 'en', brand: PageBrand = DEFAULT_PAGE_BRAND): Ui {
  let t = translators.get(locale);
  if (!t) {
    t = translator(locale);
    translators.set(locale, t);
  }
  return { locale, t, brand };
}
