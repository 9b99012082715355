import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { codeForm, enrolmentBlock, recoveryCodesBlock } from './mfa.ts';

export interface AccountView {
  email: string;
  csrf: string;
  mfa: { enrolled: boolean; recoveryCodesLeft: number };
  notice?: string | undefined;
  error?: string | undefined;
  /** Further sections other capabilities add (e.g. Responsible gambling, server/rg/account-rg-routes.ts). */
  sections?: readonly SafeHtml[] | undefined;
}

const hidden = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/** A form asking for a current code before a sensitive change; `label` keeps each field findable by name. */
function codeGuardedForm(action: string, csrf: string, label: string, id: string, button: string): SafeHtml {
  return html`<form method="post" action="${action}" autocomplete="off">
  ${hidden(csrf)}
  <label for="${id}">${label}</label>
  <input id="${id}" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="64">
  <button type="submit" class="secondary">${button}</button>
</form>`;
}

function mfaSection(view: AccountView): SafeHtml {
  if (!view.mfa.enrolled) {
    return html`<p>Two-step verification is <strong>off</strong>.</p>
<form method="post" action="/account/mfa/enrol">${hidden(view.csrf)}<button type="submit">Set up two-step verification</button></form>`;
  }
  return html`<p>Two-step verification is <strong>on</strong>. Recovery codes left: ${view.mfa.recoveryCodesLeft}.</p>
${codeGuardedForm('/account/mfa/recovery-codes', view.csrf, 'Authentication code for new recovery codes', 'regen-code', 'Regenerate recovery codes')}
${codeGuardedForm('/account/mfa/remove', view.csrf, 'Authentication code to turn off two-step verification', 'remove-code', 'Turn off two-step verification')}`;
}

/** The player's account page: MFA status and actions, password change. */
export function accountPage(view: AccountView): string {
  return layout(
    'Your account',
    html`<h1>Your account</h1>
<p class="muted">Signed in as ${view.email}</p>
${view.notice ? html`<p role="status">${view.notice}</p>` : ''}
${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}
<h2>Two-step verification</h2>
${mfaSection(view)}
<h2>Password</h2>
<form method="post" action="/account/password" autocomplete="on">
  ${hidden(view.csrf)}
  <input type="text" name="username" autocomplete="username" value="${view.email}" hidden>
  <label for="current-password">Current password</label>
  <input id="current-password" name="current" type="password" autocomplete="current-password" required maxlength="1024">
  <label for="new-password">New password</label>
  <input id="new-password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
  <button type="submit">Change password</button>
</form>
${view.sections ?? []}`,
  );
}

/** Enrolment from the account page: QR code, secret, and the confirming code. */
export function accountEnrolPage(view: {
  csrf: string;
  secret: string;
  qrDataUri: string;
  error?: string | undefined;
}): string {
  return layout(
    'Set up two-step verification',
    html`<h1>Set up two-step verification</h1>
${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}
${enrolmentBlock(view)}
${codeForm({ action: '/account/mfa/confirm', csrf: view.csrf, hint: 'The 6-digit code from your authenticator app.' })}`,
  );
}

/** New recovery codes (after enrolment or regeneration), shown once, with a way back. */
export function accountCodesPage(codes: readonly string[]): string {
  return layout(
    'Recovery codes',
    html`${recoveryCodesBlock(codes)}<p><a href="/account">Back to your account</a></p>`,
  );
}

/** Shown at /account without a Pitboss session. */
export function signedOutAccountPage(): string {
  return layout(
    'Your account',
    html`<h1>Your account</h1><p role="alert">You are not signed in. Sign in through your casino app, then open this page again.</p>`,
  );
}
