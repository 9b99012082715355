import { html } from '../html.ts';
import { adminLayout } from './layout.ts';

/** Landing page before sign-in. */
export function signInPage(): string {
  return adminLayout(
    'Sign in',
    html`<section><h1>Pitboss admin</h1><p>Operators sign in with their Pitboss admin account.</p>
<p><a href="/admin/login">Sign in</a></p></section>`,
  );
}

/** Player search by email. */
export function searchPage(view: {
  email?: string;
  error?: string;
  csrf: string;
  admin?: string | undefined;
}): string {
  return adminLayout(
    'Players',
    html`<section><h1>Find a player</h1>
${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}
<form method="get" action="/admin/players">
  <label for="email">Player email</label>
  <input id="email" name="email" type="email" required maxlength="254" value="${view.email ?? ''}" autofocus>
  <p><button type="submit">Search</button></p>
</form></section>`,
    { email: view.admin, csrf: view.csrf },
  );
}
