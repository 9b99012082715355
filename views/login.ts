import { html } from './html.ts';
import { layout } from './layout.ts';
import type { Ui } from './ui.ts';

export interface LoginView {
  action: string;
  csrf: string;
  clientName: string;
  email?: string | undefined;
  error?: string | undefined;
  notice?: string | undefined;
  /** "Send a new link" for an unverified email (posts the email to this action). */
  resendAction?: string | undefined;
  /** Registration inside this authorization request ("Create account"); absent: no link. */
  registerUrl?: string | undefined;
  /** Password reset request ("Forgot password?"); absent: no link. */
  forgotUrl?: string | undefined;
}

/** The sign-in page: fields labelled Email and Password, a Sign in button, Create account and Forgot password? links. */
export function loginPage(ui: Ui, view: LoginView): string {
  const { t } = ui;
  return layout(ui, {
    title: t('login.title'),
    heading: t('login.heading'),
    body: html`<p class="muted">${t('login.continueTo', { client: view.clientName })}</p>
${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
${
  view.resendAction
    ? html`<form method="post" action="${view.resendAction}">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <input type="hidden" name="email" value="${view.email ?? ''}">
  <button type="submit" class="secondary">${t('verify.resend')}</button>
</form>`
    : ''
}
<form method="post" action="${view.action}" autocomplete="on">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <label for="email">${t('login.email')}</label>
  <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${view.email ?? ''}" ${view.email ? '' : 'autofocus'}>
  <label for="password">${t('login.password')}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024" ${view.email ? 'autofocus' : ''}>
  <button type="submit">${t('login.submit')}</button>
</form>
${
  view.registerUrl || view.forgotUrl
    ? html`<p class="links">${view.forgotUrl ? html`<a href="${view.forgotUrl}">${t('login.forgotPassword')}</a>` : ''}
${view.registerUrl ? html`<a href="${view.registerUrl}">${t('login.createAccount')}</a>` : ''}</p>`
    : ''
}`,
  });
}
