import { html } from './html.ts';
import { layout } from './layout.ts';
import { alert } from './mfa.ts';
import type { Ui } from './ui.ts';

/** Forgot password?: field Email, button Send reset link; `sent` shows the same answer for any address. */
export function forgotPasswordPage(
  ui: Ui,
  view: {
    action: string;
    csrf: string;
    sent?: { email: string; minutes: number } | undefined;
    error?: string | undefined;
    loginUrl?: string | undefined;
  },
): string {
  const { t } = ui;
  const back = view.loginUrl
    ? html`<p class="links"><a href="${view.loginUrl}">${t('common.back')}</a></p>`
    : '';
  if (view.sent) {
    return layout(ui, {
      title: t('reset.title'),
      heading: t('reset.heading'),
      body: html`<p class="notice" role="status">${t('reset.sent', view.sent)}</p>${back}`,
    });
  }
  return layout(ui, {
    title: t('reset.title'),
    heading: t('reset.heading'),
    body: html`<p>${t('reset.intro')}</p>
${alert(view.error)}
<form method="post" action="${view.action}">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <label for="email">${t('reset.email')}</label>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" autofocus>
  <button type="submit">${t('reset.submit')}</button>
</form>
${back}`,
  });
}

/** The reset link's page: field New password, button Set password (or why the link no longer works). */
export function newPasswordPage(
  ui: Ui,
  view: {
    action: string;
    token: string;
    email?: string | undefined;
    invalid?: boolean;
    error?: string | undefined;
  },
): string {
  const { t } = ui;
  if (view.invalid) {
    return layout(ui, {
      title: t('reset.new.title'),
      body: html`<p class="error" role="alert">${t('reset.invalid')}</p>
<a class="button" href="/forgot-password">${t('reset.again')}</a>`,
    });
  }
  return layout(ui, {
    title: t('reset.new.title'),
    body: html`${alert(view.error)}
<form method="post" action="${view.action}">
  <input type="hidden" name="token" value="${view.token}">
  <input type="text" name="username" autocomplete="username" value="${view.email ?? ''}" hidden>
  <label for="new-password">${t('reset.new.password')}</label>
  <input id="new-password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="256" autofocus aria-describedby="password-hint">
  <p id="password-hint" class="muted">${t('password.hint', { min: 8 })}</p>
  <button type="submit">${t('reset.new.submit')}</button>
</form>`,
  });
}

/** After a reset: everything was signed out; sign in again with the new password. */
export function passwordResetDonePage(ui: Ui, loginUrl?: string): string {
  const { t } = ui;
  return layout(ui, {
    title: t('reset.new.title'),
    body: html`<p class="notice" role="status">${t('reset.done')}</p>
${loginUrl ? html`<a class="button" href="${loginUrl}">${t('reset.signIn')}</a>` : ''}`,
  });
}
