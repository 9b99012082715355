import { html, raw } from './html.ts';
import { layout } from './layout.ts';

/** RP-initiated logout confirmation; `form` is oidc-provider's hidden form (its own markup, with xsrf). */
export function logoutPage(host: string, form: string): string {
  return layout(
    'Sign out',
    html`<h1>Sign out of ${host}?</h1>
${raw(form)}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" class="secondary" form="op.logoutForm">No, stay signed in</button>`,
  );
}

/** Shown after a logout with no post_logout_redirect_uri. */
export function loggedOutPage(clientName: string | undefined): string {
  return layout(
    'Signed out',
    html`<h1>Signed out</h1><p>You have been signed out${clientName ? html` of ${clientName}` : ''}.</p>`,
  );
}
