import type { Context } from 'koa';
import { pickLocale } from '../../views/i18n/pick-locale.ts';
import { createUi, type PageBrand, type Ui } from '../../views/ui.ts';

/** Anything koa-shaped (our routes' ctx, and oidc-provider's own koa ctx in its render hooks). */
type RequestLike = Pick<Context, 'query' | 'acceptsLanguages' | 'get'>;

/**
 * The language and brand of one page: `ui_locales` from the authorization request (or the page's own query),
 * then Accept-Language, then the brand's default language.
 */
export function pageUi(
  ctx: RequestLike,
  options: { uiLocales?: unknown; brand?: PageBrand | undefined } = {},
): Ui {
  const locale = pickLocale({
    uiLocales: options.uiLocales ?? ctx.query?.ui_locales,
    acceptsLanguages: (...languages) => ctx.acceptsLanguages(...languages),
    hasAcceptLanguage: Boolean(ctx.get('accept-language')),
    fallback: options.brand?.defaultLocale ?? 'en',
  });
  return createUi(locale, options.brand);
}
