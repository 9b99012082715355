import { isLocale, LOCALES, type Locale } from './catalogs.ts';

/** The first of a space-separated `ui_locales` list (BCP 47 tags, `de-AT` counts as `de`) that we speak. */
export function localeFromUiLocales(uiLocales: unknown): Locale | undefined {
  if (typeof uiLocales !== 'string') return undefined;
  for (const tag of uiLocales.split(/\s+/).slice(0, 20)) {
    const primary = tag.split('-')[0]?.toLowerCase();
    if (isLocale(primary)) return primary;
  }
  return undefined;
}

/**
 * The page language: `ui_locales` first (the app's choice), then the browser's Accept-Language (negotiated
 * by koa's `acceptsLanguages`, which honours q-values and matches `de-DE` to `de`), then the brand's default.
 */
export function pickLocale(input: {
  uiLocales?: unknown;
  /** koa's ctx.acceptsLanguages bound to the request. */
  acceptsLanguages?: (...languages: string[]) => string | false;
  hasAcceptLanguage?: boolean;
  fallback?: Locale;
}): Locale {
  const fallback = input.fallback ?? 'en';
  const fromApp = localeFromUiLocales(input.uiLocales);
  if (fromApp) return fromApp;
  if (input.hasAcceptLanguage && input.acceptsLanguages) {
    // The fallback goes first so `*` resolves to it.
    const offered = [fallback, ...LOCALES.filter((l) => l !== fallback)];
    const chosen = input.acceptsLanguages(...offered);
    if (isLocale(chosen)) return chosen;
  }
  return fallback;
}
