import { html } from './html.ts';
import { layout } from './layout.ts';
import { alert } from './mfa.ts';
import type { Ui } from './ui.ts';

export interface RegisterView {
  action: string;
  csrf: string;
  email?: string | undefined;
  dateOfBirth?: string | undefined;
  error?: string | undefined;
  /** Back to the sign-in page of the same authorization request (absent on the standalone page). */
  loginUrl?: string | undefined;
}

/**
 * Registration: fields Email, Password, Date of birth (a native date picker), the checkbox I accept the terms
 * and the button Create account. The hint names the minimum age that applies to this brand.
 */
export function registerPage(ui: Ui, view: RegisterView): string {
  const { t } = ui;
  const today = new Date().toISOString().slice(0, 10);
  return layout(ui, {
    title: t('register.title'),
    heading: t('register.heading'),
    body: html`${alert(view.error)}
<form method="post" action="${view.action}" autocomplete="on" novalidate>
  <input type="hidden" name="csrf" value="${view.csrf}">
  <label for="email">${t('register.email')}</label>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${view.email ?? ''}" autofocus>
  <label for="password">${t('register.password')}</label>
  <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256" aria-describedby="password-hint">
  <p id="password-hint" class="muted">${t('password.hint', { min: 8 })}</p>
  <label for="date-of-birth">${t('register.dateOfBirth')}</label>
  <input id="date-of-birth" name="date_of_birth" type="date" autocomplete="bday" required max="${today}" min="1900-01-01" value="${view.dateOfBirth ?? ''}" aria-describedby="dob-hint">
  <p id="dob-hint" class="muted">${t('register.dateOfBirthHint', { age: ui.brand.minAge })}</p>
  <label class="check"><input type="checkbox" name="terms" value="accepted" required> ${t('register.terms')}</label>
  <button type="submit">${t('register.submit')}</button>
</form>
${view.loginUrl ? html`<p class="links"><a href="${view.loginUrl}">${t('register.haveAccount')}</a></p>` : ''}`,
  });
}

/** After registration, whatever happened (new account or an address already registered): check your email. */
export function checkEmailPage(ui: Ui, email: string): string {
  const { t } = ui;
  return layout(ui, {
    title: t('register.checkEmail.title'),
    body: html`<p role="status">${t('register.checkEmail.text', { email })}</p>
<p class="muted">${t('register.checkEmail.spam')}</p>`,
  });
}
