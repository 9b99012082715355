import { reauthField } from './account-reauth.ts';
import { html, type SafeHtml } from './html.ts';
import { passkeyForm } from './passkeys.ts';
import type { Ui } from './ui.ts';

/** A passkey as the account page lists it. */
export interface PasskeyListing {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | undefined;
}

const hidden = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/**
 * The account page's Passkeys section: each passkey with when it was added and last used and a Remove
 * form, then Add a passkey (a name and re-authentication, then the browser's ceremony).
 */
export function passkeySection(
  ui: Ui,
  view: { csrf: string; nonce: string; passkeys: readonly PasskeyListing[] },
): SafeHtml {
  const { t } = ui;
  const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : t('account.passkeys.never'));
  const items = view.passkeys.map(
    (
      p,
      i,
    ) => html`<li><strong>${p.name}</strong> <span class="muted">${t('account.passkeys.meta', { created: day(p.createdAt), used: day(p.lastUsedAt) })}</span>
<form method="post" action="/account/passkeys/remove" autocomplete="off">
  ${hidden(view.csrf)}<input type="hidden" name="credential" value="${p.id}">
  ${reauthField(`remove-passkey-${i}`, t('account.passkeys.reauthRemove', { name: p.name }))}
  <button type="submit" class="secondary">${t('account.passkeys.remove', { name: p.name })}</button>
</form></li>`,
  );
  const add = passkeyForm(
    ui,
    {
      mode: 'register',
      action: '/account/passkeys',
      options: '/account/passkeys/options',
      csrf: view.csrf,
      nonce: view.nonce,
    },
    html`<label for="passkey-name">${t('account.passkeys.name')}</label>
  <input id="passkey-name" name="name" type="text" required maxlength="64" placeholder="${t('account.passkeys.namePlaceholder')}">
  ${reauthField('passkey-reauth', t('account.passkeys.reauthAdd'))}`,
  );
  return html`<h2>${t('account.passkeys.heading')}</h2>
<p class="muted">${t('account.passkeys.intro')}</p>
${
  view.passkeys.length
    ? html`<ul aria-label="${t('account.passkeys.label')}">${items}</ul>`
    : html`<p>${t('account.passkeys.none')}</p>`
}
${add}`;
}
