import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { type PasskeyFormView, passkeyForm } from './passkeys.ts';

export interface MfaView {
  action: string;
  csrf: string;
  clientName: string;
  error?: string | undefined;
}

export interface VerifyView extends MfaView {
  /** Whether the code field is offered (TOTP enrolled, or recovery codes left). */
  codes: boolean;
  /** The passkey option, when the account has passkeys. */
  passkey?: PasskeyFormView | undefined;
}

export interface EnrolView extends MfaView {
  secret: string;
  qrDataUri: string;
}

/** The code field and Verify button shared by verification and enrolment forms. */
export function codeForm(view: { action: string; csrf: string; hint: string }): SafeHtml {
  return html`<form method="post" action="${view.action}" autocomplete="off">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <label for="code">Authentication code</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="64" autofocus aria-describedby="code-hint">
  <p id="code-hint" class="muted">${view.hint}</p>
  <button type="submit">Verify</button>
</form>`;
}

const alert = (error: string | undefined) => (error ? html`<p class="error" role="alert">${error}</p>` : '');

/**
 * The verification page after the password (or for step-up): the player chooses a passkey or the field
 * Authentication code with the button Verify (a TOTP code, or a recovery code when a device is lost).
 */
export function mfaPage(view: VerifyView): string {
  const hint = view.passkey
    ? 'Or the 6-digit code from your authenticator app, or one of your recovery codes if you lost your device.'
    : 'The 6-digit code from your authenticator app, or one of your recovery codes.';
  return layout(
    'Two-step verification',
    html`<h1>Two-step verification</h1>
<p class="muted">to continue to ${view.clientName}</p>
${alert(view.error)}
${view.passkey ? passkeyForm(view.passkey) : ''}
${view.codes ? codeForm({ ...view, hint }) : ''}`,
  );
}

/** The QR code and the secret as text, for scanning or typing into an authenticator app. */
export function enrolmentBlock(view: { secret: string; qrDataUri: string }): SafeHtml {
  const grouped = view.secret.match(/.{1,4}/g)?.join(' ') ?? view.secret;
  return html`<p>Scan this code with an authenticator app, then enter the 6-digit code it shows.</p>
<p><img src="${view.qrDataUri}" alt="QR code for your authenticator app" width="200" height="200"></p>
<p class="muted">Can't scan? Enter this key: <code data-testid="totp-secret">${grouped}</code></p>`;
}

/** Enrolment during sign-in (an operator or the app requires a second factor). */
export function mfaEnrolPage(view: EnrolView): string {
  return layout(
    'Set up two-step verification',
    html`<h1>Set up two-step verification</h1>
<p class="muted">${view.clientName} requires a second step when you sign in.</p>
${alert(view.error)}
${enrolmentBlock(view)}
${codeForm({ ...view, hint: 'The 6-digit code from your authenticator app.' })}`,
  );
}

/** The recovery codes, shown once; `next` is the form that continues (sign-in) or returns (account page). */
export function recoveryCodesBlock(codes: readonly string[]): SafeHtml {
  return html`<h1>Save your recovery codes</h1>
<p>Each code works once, instead of an authentication code, if you lose your phone. They are shown only now.</p>
<ul aria-label="Recovery codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>`;
}

/** Recovery codes after enrolment during sign-in, then Continue back to the app. */
export function recoveryCodesPage(view: { action: string; csrf: string; codes: readonly string[] }): string {
  return layout(
    'Recovery codes',
    html`${recoveryCodesBlock(view.codes)}
<form method="post" action="${view.action}">
  <input type="hidden" name="csrf" value="${view.csrf}">
  <button type="submit">Continue</button>
</form>`,
  );
}
