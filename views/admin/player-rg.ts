import type { rgSummary } from '../../server/rg/admin-rg-routes.ts';
import { html } from '../html.ts';
import { when } from './layout.ts';

/** An account's responsible-gambling state as the admin API's GET /users/:id/rg answers it. */
export type RgSummary = Awaited<ReturnType<typeof rgSummary>>;

const at = (seconds: number | null) =>
  seconds === null ? '-' : when(new Date(seconds * 1000).toISOString());
const minutes = (v: number | null) => (v === null ? 'none' : `${v} minutes`);
const LIMIT_NAMES: Record<string, string> = {
  session_minutes: 'Session time limit',
  reality_check_minutes: 'Reality check',
};
const limitName = (name: string) => LIMIT_NAMES[name] ?? name;
const KIND_NAMES: Record<string, string> = {
  timeout: 'Time-out',
  self_exclusion: 'Self-exclusion',
  panic: 'Panic lock',
  register: 'Exclusion register',
};
const kindName = (kind: string) => KIND_NAMES[kind] ?? kind;

/**
 * The player page's read-only Responsible gambling section: limits in force, pending (looser) changes with
 * when they apply, the restriction in force, the previous sign-in; with `history`, who changed what, when,
 * from where and why (admins).
 */
export function rgSection(rg: RgSummary, options: { history: boolean }) {
  const r = rg.restriction;
  const { pending } = rg.limits;
  return html`<section aria-labelledby="rg-heading"><h2 id="rg-heading">Responsible gambling</h2>
<dl class="facts">
<dt>Session time limit</dt><dd>${minutes(rg.limits.session_minutes)}</dd>
<dt>Reality check</dt><dd>${rg.limits.reality_check_minutes === null ? 'none' : `every ${rg.limits.reality_check_minutes} minutes`}</dd>
<dt>Restriction in force</dt><dd>${r ? html`<strong class="state-failed">${kindName(r.kind)}</strong> since ${at(r.since)}, until ${r.until === null ? 'further notice (permanent)' : at(r.until)}` : 'none'}</dd>
<dt>Previous sign-in</dt><dd>${at(rg.previous_login_at)}</dd>
</dl>
<h3>Pending changes</h3>
${
  pending.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Limit</th><th>New value</th><th>Applies at</th></tr></thead><tbody>
${pending.map((p) => html`<tr><td>${limitName(p.name)}</td><td>${minutes(p.value)}</td><td>${at(p.effective_at)}</td></tr>`)}</tbody></table></div>`
    : html`<p class="muted">No pending changes.</p>`
}
${options.history ? history(rg) : ''}</section>`;
}

function history(rg: RgSummary) {
  const { restrictions, limit_changes: changes } = rg.history;
  const by = (actor: string | null, surface: string | null) =>
    [actor, surface && `(${surface})`].filter(Boolean).join(' ') || '-';
  return html`<h3>Restriction history</h3>
${
  restrictions.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Kind</th><th>Period</th><th>From</th><th>Until</th><th>By</th><th>Reason</th></tr></thead><tbody>
${restrictions.map(
  (x) =>
    html`<tr><td>${kindName(x.kind)}</td><td>${x.period ?? '-'}</td><td>${at(x.starts_at)}</td><td>${x.ends_at === null ? 'permanent' : at(x.ends_at)}</td><td>${by(x.actor, x.surface)}</td><td>${x.reason ?? '-'}</td></tr>`,
)}</tbody></table></div>`
    : html`<p class="muted">No restrictions.</p>`
}
<h3>Limit changes</h3>
${
  changes.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Limit</th><th>From</th><th>To</th><th>Requested</th><th>Applies at</th><th>State</th><th>By</th><th>Reason</th></tr></thead><tbody>
${changes.map(
  (c) =>
    html`<tr><td>${limitName(c.name)}</td><td>${minutes(c.from)}</td><td>${minutes(c.to)}</td><td>${at(c.requested_at)}</td><td>${(c.effective_at ?? 0) <= (c.requested_at ?? 0) ? 'at once' : at(c.effective_at)}</td><td>${c.cancelled_at !== null ? `cancelled ${at(c.cancelled_at)}` : c.applied_at !== null ? `applied ${at(c.applied_at)}` : 'pending'}</td><td>${by(c.actor, c.surface)}</td><td>${c.reason ?? '-'}</td></tr>`,
)}</tbody></table></div>`
    : html`<p class="muted">No limit changes.</p>`
}`;
}
