import { html, type SafeHtml } from './html.ts';

export interface RgSectionView {
  csrf: string;
  sessionMinutes: number | null;
  realityCheckMinutes: number | null;
  pending: { name: string; value: number | null; effectiveAt: Date }[];
  coolingOffHours: number;
  previousLoginAt: Date | null;
}

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const minutes = (v: number | null) => (v === null ? 'none' : `${v} minutes`);
const LABEL: Record<string, string> = {
  session_minutes: 'Session time limit',
  reality_check_minutes: 'Reality check interval',
};

/** The Responsible gambling section of /account: limits, pending changes, time-out, self-exclusion, panic button. */
export function rgSection(view: RgSectionView): SafeHtml {
  const hidden = html`<input type="hidden" name="csrf" value="${view.csrf}">`;
  const pending = view.pending.length
    ? html`<h3>Pending changes</h3><ul>${view.pending.map(
        (p) =>
          html`<li>${LABEL[p.name] ?? p.name}: ${minutes(p.value)}, applies at ${when(p.effectiveAt)}</li>`,
      )}</ul>`
    : '';
  return html`<section aria-labelledby="responsible-gambling">
<h2 id="responsible-gambling">Responsible gambling</h2>
${view.previousLoginAt ? html`<p>Your previous sign-in: ${when(view.previousLoginAt)}</p>` : ''}
<p>Session time limit: <strong>${minutes(view.sessionMinutes)}</strong>. Reality check: <strong>${view.realityCheckMinutes === null ? 'off' : `every ${view.realityCheckMinutes} minutes`}</strong>.</p>
${pending}
<form method="post" action="/account/rg/limits">
  ${hidden}
  <label for="rg-session-minutes">Session time limit (minutes)</label>
  <input id="rg-session-minutes" name="session_minutes" type="number" min="1" max="1440" value="${view.sessionMinutes ?? ''}">
  <label for="rg-reality-minutes">Reality check interval (minutes)</label>
  <input id="rg-reality-minutes" name="reality_check_minutes" type="number" min="1" max="1440" value="${view.realityCheckMinutes ?? ''}">
  <p class="muted">A lower limit applies at once. A higher limit, or removing one (leave it empty), applies after ${view.coolingOffHours} hours.</p>
  <button type="submit">Save limits</button>
</form>
<h3>Take a break</h3>
<form method="post" action="/account/rg/timeout">
  ${hidden}
  <label for="rg-timeout">Time-out period</label>
  <select id="rg-timeout" name="period"><option value="24h">24 hours</option><option value="7d">1 week</option><option value="30d">1 month</option><option value="42d">6 weeks</option></select>
  <p class="muted">You will be signed out everywhere and cannot sign in until it ends. No one can end it early.</p>
  <button type="submit" class="secondary">Take a time-out</button>
</form>
<form method="post" action="/account/rg/self-exclusion">
  ${hidden}
  <label for="rg-exclusion">Self-exclusion period</label>
  <select id="rg-exclusion" name="period"><option value="6m">6 months</option><option value="1y">1 year</option><option value="5y">5 years</option><option value="permanent">Permanent</option></select>
  <button type="submit" class="secondary">Self-exclude</button>
</form>
<form method="post" action="/account/rg/panic">
  ${hidden}
  <button type="submit" class="danger">Lock my account for 24 hours now</button>
</form>
</section>`;
}

/** Shown once a restriction from /account has signed the player out. */
export function restrictedPage(message: string): SafeHtml {
  return html`<h1>You are signed out</h1><p role="status">${message}</p>`;
}
