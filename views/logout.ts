import { html, raw } from './html.ts';
import { layout } from './layout.ts';
import type { Ui } from './ui.ts';

/**
 * RP-initiated logout confirmation naming the app (its client_name, else the brand);
 * `form` is oidc-provider's hidden form (its own markup, with xsrf).
 */
export function logoutPage(ui: Ui, appName: string, form: string): string {
  const { t } = ui;
  return layout(ui, {
    title: t('logout.title'),
    heading: t('logout.heading', { client: appName }),
    body: html`${raw(form)}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${t('logout.yes')}</button>
<button type="submit" class="secondary" form="op.logoutForm">${t('logout.no')}</button>`,
  });
}

/** Shown after a logout with no post_logout_redirect_uri. */
export function loggedOutPage(ui: Ui, clientName: string | undefined): string {
  const { t } = ui;
  return layout(ui, {
    title: t('loggedOut.title'),
    body: html`<p role="status">${clientName ? t('loggedOut.textClient', { client: clientName }) : t('loggedOut.text')}</p>`,
  });
}
