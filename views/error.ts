import { html } from './html.ts';
import { layout } from './layout.ts';
import type { Ui } from './ui.ts';

/** A readable error page; shows only the exposed (already translated) message, never internals. */
export function errorPage(ui: Ui, title: string, message: string): string {
  return layout(ui, { title, body: html`<p class="error" role="alert">${message}</p>` });
}
