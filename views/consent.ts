import { html, type SafeHtml } from './html.ts';
import type { MessageKey } from './i18n/catalogs.ts';
import { layout } from './layout.ts';
import type { Ui } from './ui.ts';

export interface ConsentView {
  action: string;
  abortAction: string;
  csrf: string;
  clientName: string;
  /** The previous sign-in time, right after signing in (views/previous-login.ts). */
  notice?: SafeHtml | undefined;
  scopes: string[];
  claims: string[];
}

const KNOWN_SCOPES = new Set(['openid', 'email', 'profile', 'offline_access', 'rg']);

/** The consent page: what the client asks for, an Allow button and a Deny button. */
export function consentPage(ui: Ui, view: ConsentView): string {
  const { t } = ui;
  const items = [
    ...view.scopes.map((s) => (KNOWN_SCOPES.has(s) ? t(`consent.scope.${s}` as MessageKey) : s)),
    ...view.claims.map((claim) => t('consent.claim', { claim })),
  ];
  return layout(ui, {
    title: t('consent.title'),
    heading: t('consent.heading', { client: view.clientName }),
    body: html`${view.notice ?? ''}<p>${t('consent.asking', { client: view.clientName })}</p>
<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>
<form method="post" action="${view.action}">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <button type="submit">${t('consent.allow')}</button>
</form>
<form method="post" action="${view.abortAction}">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <button type="submit" class="secondary">${t('consent.deny')}</button>
</form>`,
  });
}
