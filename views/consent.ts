import { html } from './html.ts';
import { layout } from './layout.ts';

export interface ConsentView {
  action: string;
  abortAction: string;
  csrf: string;
  clientName: string;
  scopes: string[];
  claims: string[];
}

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Confirm your identity',
  email: 'See your email address',
  profile: 'See your basic profile',
  offline_access: 'Stay signed in (keep access while you are away)',
};

/** The consent page: what the client asks for, an Allow button and a Deny button. */
export function consentPage(view: ConsentView): string {
  const items = [
    ...view.scopes.map((s) => SCOPE_TEXT[s] ?? s),
    ...view.claims.map((c) => `Read the ${c} claim`),
  ];
  return layout(
    'Allow access',
    html`<h1>Allow ${view.clientName}?</h1>
<p>${view.clientName} is asking to:</p>
<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>
<form method="post" action="${view.action}">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <button type="submit">Allow</button>
</form>
<form method="post" action="${view.abortAction}">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <button type="submit" class="secondary">Deny</button>
</form>`,
  );
}
