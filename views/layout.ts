import { designSystem } from './design.ts';
import { html, raw, type SafeHtml } from './html.ts';
import type { Ui } from './ui.ts';

export interface PageContent {
  /** The page's own name; the <title> adds the brand. */
  title: string;
  /** The main heading after the brand's name (default: the title). */
  heading?: string | SafeHtml;
  body: SafeHtml;
}

/**
 * The page shell shared by every player page: `<html lang>` from the Ui's locale, the brand's name in the
 * <title> and the main heading, its logo, colour and support link; no external assets but the brand's
 * logo, one inline stylesheet (views/design.ts).
 */
export function layout(ui: Ui, page: PageContent): string {
  const { t, brand } = ui;
  return html`<!doctype html>
<html lang="${ui.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${t('layout.title', { page: page.title, brand: brand.name })}</title>
<style>${raw(designSystem(brand.color))}</style>
</head>
<body>
<main>
${brand.logoUrl ? html`<img class="brand-logo" src="${brand.logoUrl}" alt="${t('layout.logoAlt', { brand: brand.name })}">` : ''}
<h1><span class="brand-name">${brand.name}<span class="visually-hidden">: </span></span>${page.heading ?? page.title}</h1>
${page.body}
</main>
<footer>
<span>${t('layout.playResponsibly', { age: brand.minAge })}</span>
${brand.supportUrl ? html`<a href="${brand.supportUrl}" rel="noopener">${t('layout.support')}</a>` : ''}
</footer>
</body>
</html>`.value;
}
