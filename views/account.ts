import { reauthField } from './account-reauth.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { alert, codeForm, type EnrolmentDisplay, enrolmentBlock, recoveryCodesBlock } from './mfa.ts';
import type { Ui } from './ui.ts';

export interface AccountView {
  email: string;
  csrf: string;
  mfa: { totp: boolean; recoveryCodesLeft: number };
  notice?: string | undefined;
  error?: string | undefined;
  /** Extra sections other capabilities add to the page (passkeys, responsible gambling), in order. */
  sections?: readonly SafeHtml[];
}

const hidden = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/** A factor change behind re-authentication; `label` keeps each field findable by name. */
function reauthForm(action: string, csrf: string, label: string, id: string, button: SafeHtml): SafeHtml {
  return html`<form method="post" action="${action}" autocomplete="off">
  ${hidden(csrf)}
  ${reauthField(id, label)}
  ${button}
</form>`;
}

function mfaSection(ui: Ui, view: AccountView): SafeHtml {
  const { t } = ui;
  if (!view.mfa.totp) {
    return html`<p>${t.html('account.mfa.status', { state: html`<strong>${t('account.mfa.off')}</strong>` })}</p>
${reauthForm('/account/mfa/enrol', view.csrf, t('account.mfa.reauthSetUp'), 'enrol-reauth', html`<button type="submit">${t('account.mfa.setUp')}</button>`)}`;
  }
  const secondary = (label: string) => html`<button type="submit" class="secondary">${label}</button>`;
  return html`<p>${t.html('account.mfa.status', { state: html`<strong>${t('account.mfa.on')}</strong>` })} ${t('account.mfa.codesLeft', { count: view.mfa.recoveryCodesLeft })}</p>
${reauthForm('/account/mfa/recovery-codes', view.csrf, t('account.mfa.reauthRegen'), 'regen-reauth', secondary(t('account.mfa.regen')))}
${reauthForm('/account/mfa/remove', view.csrf, t('account.mfa.reauthRemove'), 'remove-reauth', secondary(t('account.mfa.remove')))}`;
}

/** The player's account page: MFA status and actions, password change, and any added sections. */
export function accountPage(ui: Ui, view: AccountView): string {
  const { t } = ui;
  return layout(ui, {
    title: t('account.title'),
    body: html`<p class="muted">${t('account.signedInAs', { email: view.email })}</p>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
${alert(view.error)}
<h2>${t('account.mfa.heading')}</h2>
${mfaSection(ui, view)}
<h2>${t('account.password.heading')}</h2>
<form method="post" action="/account/password" autocomplete="on">
  ${hidden(view.csrf)}
  <input type="text" name="username" autocomplete="username" value="${view.email}" hidden>
  <label for="current-password">${t('account.password.current')}</label>
  <input id="current-password" name="current" type="password" autocomplete="current-password" required maxlength="1024">
  <label for="new-password">${t('account.password.new')}</label>
  <input id="new-password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
  <button type="submit">${t('account.password.submit')}</button>
</form>
${view.sections ?? ''}`,
  });
}

/** Enrolment from the account page: QR code, secret, otpauth link, and the confirming code. */
export function accountEnrolPage(
  ui: Ui,
  view: EnrolmentDisplay & { csrf: string; error?: string | undefined },
): string {
  const { t } = ui;
  return layout(ui, {
    title: t('mfa.enrol.title'),
    body: html`${alert(view.error)}
${enrolmentBlock(ui, view)}
${codeForm(ui, { action: '/account/mfa/confirm', csrf: view.csrf, hint: t('mfa.hintEnrol') })}`,
  });
}

/** New recovery codes (after enrolment, regeneration or a first passkey), shown once, with a way back. */
export function accountCodesPage(ui: Ui, codes: readonly string[], notice?: string): string {
  const { t } = ui;
  return layout(ui, {
    title: t('mfa.codes.title'),
    heading: t('mfa.codes.heading'),
    body: html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}${recoveryCodesBlock(ui, codes)}<p><a class="target" href="/account">${t('account.back')}</a></p>`,
  });
}

/** Shown at /account without a Pitboss session (when no sign-in can be started for it). */
export function signedOutAccountPage(ui: Ui): string {
  const { t } = ui;
  return layout(ui, {
    title: t('account.title'),
    body: html`<p role="alert">${t('account.signedOut')}</p>`,
  });
}
