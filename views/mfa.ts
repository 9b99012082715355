import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import type { Ui } from './ui.ts';

export interface MfaView {
  action: string;
  csrf: string;
  clientName: string;
  error?: string | undefined;
}

/** A pending TOTP enrolment as the pages show it. */
export interface EnrolmentDisplay {
  secret: string;
  otpauthUri: string;
  qrDataUri: string;
}

export interface EnrolView extends MfaView, EnrolmentDisplay {}

/** The code field and Verify button shared by verification and enrolment forms. */
export function codeForm(ui: Ui, view: { action: string; csrf: string; hint: string }): SafeHtml {
  const { t } = ui;
  return html`<form method="post" action="${view.action}" autocomplete="off">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <label for="code">${t('mfa.code')}</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="64" autofocus aria-describedby="code-hint">
  <p id="code-hint" class="muted">${view.hint}</p>
  <button type="submit">${t('mfa.verify')}</button>
</form>`;
}

/** An error message block (role alert), or nothing. */
export const alert = (error: string | undefined) =>
  error ? html`<p class="error" role="alert">${error}</p>` : '';

/** The verification page after the password (or for step-up): field Authentication code, button Verify. */
export function mfaPage(ui: Ui, view: MfaView): string {
  const { t } = ui;
  return layout(ui, {
    title: t('mfa.title'),
    body: html`<p class="muted">${t('login.continueTo', { client: view.clientName })}</p>
${alert(view.error)}
${codeForm(ui, { ...view, hint: t('mfa.hint') })}`,
  });
}

/**
 * The QR code, the secret as text and the otpauth:// link: a phone cannot scan its own screen, so the
 * link opens the authenticator app on the phone, and the grouped key can be typed anywhere.
 */
export function enrolmentBlock(ui: Ui, view: EnrolmentDisplay): SafeHtml {
  const { t } = ui;
  const grouped = view.secret.match(/.{1,4}/g)?.join(' ') ?? view.secret;
  return html`<p>${t('mfa.enrol.scan')}</p>
<p><img src="${view.qrDataUri}" alt="${t('mfa.enrol.qrAlt')}" width="200" height="200"></p>
<p><a class="target" href="${view.otpauthUri}" data-testid="otpauth-link">${t('mfa.enrol.link')}</a></p>
<p class="muted">${t('mfa.enrol.key')} <code data-testid="totp-secret">${grouped}</code></p>`;
}

/** Enrolment during sign-in (an operator or the app requires a second factor). */
export function mfaEnrolPage(ui: Ui, view: EnrolView): string {
  const { t } = ui;
  return layout(ui, {
    title: t('mfa.enrol.title'),
    body: html`<p class="muted">${t('mfa.enrol.required', { client: view.clientName })}</p>
${alert(view.error)}
${enrolmentBlock(ui, view)}
${codeForm(ui, { ...view, hint: t('mfa.hintEnrol') })}`,
  });
}

/** The recovery codes, shown once (the page's heading is `mfa.codes.heading`). */
export function recoveryCodesBlock(ui: Ui, codes: readonly string[]): SafeHtml {
  const { t } = ui;
  return html`<p>${t('mfa.codes.text')}</p>
<ul aria-label="${t('mfa.codes.label')}">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>`;
}

/** Recovery codes after enrolment during sign-in, then Continue back to the app. */
export function recoveryCodesPage(
  ui: Ui,
  view: { action: string; csrf: string; codes: readonly string[] },
): string {
  const { t } = ui;
  return layout(ui, {
    title: t('mfa.codes.title'),
    heading: t('mfa.codes.heading'),
    body: html`${recoveryCodesBlock(ui, view.codes)}
<form method="post" action="${view.action}">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <button type="submit">${t('mfa.codes.continue')}</button>
</form>`,
  });
}
