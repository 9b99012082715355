import { html } from './html.ts';
import { layout } from './layout.ts';
import { type PasskeyFormView, passkeyForm } from './passkeys.ts';

export interface LoginView {
  action: string;
  csrf: string;
  clientName: string;
  email?: string | undefined;
  error?: string | undefined;
  /** Passwordless sign-in with a discoverable credential (button and autofill). */
  passkey?: PasskeyFormView | undefined;
}

/** The sign-in page: fields labelled Email and Password, a Sign in button, and Sign in with a passkey. */
export function loginPage(view: LoginView): string {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
<p class="muted">to continue to ${view.clientName}</p>
${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}
<form method="post" action="${view.action}" autocomplete="on">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="${view.passkey ? 'username webauthn' : 'username'}" required maxlength="254" value="${view.email ?? ''}" ${view.email ? '' : 'autofocus'}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024" ${view.email ? 'autofocus' : ''}>
  <button type="submit">Sign in</button>
</form>
${view.passkey ? passkeyForm(view.passkey) : ''}`,
  );
}
