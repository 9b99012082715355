import { html, type SafeHtml } from './html.ts';

/**
 * One re-authentication field (password or a current code) with a label naming what it confirms; every form
 * on /account that adds or removes a factor has one (server/account/reauth.ts checks it).
 */
export function reauthField(id: string, label: string): SafeHtml {
  return html`<label for="${id}">${label}</label>
  <input id="${id}" name="reauth" type="password" autocomplete="current-password" required maxlength="1024">`;
}
