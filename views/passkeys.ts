import { html, type SafeHtml } from './html.ts';
import type { MessageKey } from './i18n/catalogs.ts';
import type { Ui } from './ui.ts';

/** A passkey ceremony on a page: where options come from, where the answer goes, and which kind it is. */
export interface PasskeyFormView {
  mode: 'passwordless' | 'second_factor' | 'register';
  /** POST target for the browser's answer (field `response`, JSON). */
  action: string;
  /** POST (csrf) answering the WebAuthn options as JSON. */
  options: string;
  csrf: string;
  /** This response's CSP nonce: the only scripts that run are ours, served from our own origin. */
  nonce: string;
  /** Offer passkeys in the Email field's autofill as soon as the page loads (conditional UI). */
  autofill?: boolean | undefined;
}

const BUTTON: Record<PasskeyFormView['mode'], MessageKey> = {
  passwordless: 'passkey.signIn',
  second_factor: 'passkey.use',
  register: 'passkey.add',
};

/** The WebAuthn browser library and our page script, both from /assets (no CDN). */
export function passkeyScripts(nonce: string): SafeHtml {
  return html`<script src="/assets/simplewebauthn-browser.js" nonce="${nonce}" defer></script>
<script src="/assets/passkey.js" nonce="${nonce}" defer></script>`;
}

/**
 * The form the page script drives: its button starts the ceremony, the answer is posted in `response`.
 * `fields` adds inputs the server needs with the answer (a name and re-authentication when registering).
 */
export function passkeyForm(ui: Ui, view: PasskeyFormView, fields: SafeHtml | string = ''): SafeHtml {
  const { t } = ui;
  const autofill = view.autofill ? 'true' : 'false';
  // The script's messages, in the page's language.
  const messages = html`data-msg-unsupported="${t('passkey.unsupported')}" data-msg-not-used="${t('passkey.notUsed')}" data-msg-unavailable="${t('passkey.unavailable')}"`;
  return html`<form method="post" action="${view.action}" data-passkey="${view.mode}" data-options="${view.options}" data-autofill="${autofill}" ${messages}>
  <input type="hidden" name="csrf" value="${view.csrf}">
  <input type="hidden" name="response" value="">
  ${fields}
  <p class="error" role="alert" data-passkey-error hidden></p>
  <button type="button" class="secondary" data-passkey-start>${t(BUTTON[view.mode])}</button>
  <noscript><p class="muted">${t('passkey.noScript')}</p></noscript>
</form>
${passkeyScripts(view.nonce)}`;
}
