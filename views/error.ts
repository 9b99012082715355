import { html } from './html.ts';
import { layout } from './layout.ts';

/** A readable error page; shows only the exposed OAuth error, never internals. */
export function errorPage(title: string, message: string): string {
  return layout(title, html`<h1>${title}</h1><p class="error" role="alert">${message}</p>`);
}
