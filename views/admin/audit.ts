import type { AuditEntry, WindowOf } from '../../server/admin/ports.ts';
import { html } from '../html.ts';
import { adminLayout, type ConsoleNav } from './layout.ts';
import { when } from './player.ts';

/** The filters of the audit view, as typed (strings). */
export interface AuditFilterForm {
  account?: string | undefined;
  type?: string | undefined;
  ip?: string | undefined;
  client?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

const FIELDS: [keyof AuditFilterForm, string, string][] = [
  ['account', 'Account id', 'text'],
  ['type', 'Event type', 'text'],
  ['ip', 'IP address', 'text'],
  ['client', 'Client id', 'text'],
  ['since', 'Since (ISO 8601)', 'text'],
  ['until', 'Until (ISO 8601)', 'text'],
];

/** The audit trail with filters (account, type, IP, client, time range), paged, and an NDJSON export link. */
export function auditPage(v: {
  filters: AuditFilterForm;
  rows?: WindowOf<AuditEntry> | undefined;
  error?: string | undefined;
  nav: ConsoleNav;
}): string {
  const query = new URLSearchParams(
    Object.entries(v.filters).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  const link = (offset: number, label: string) =>
    html`<a href="/admin/audit?${query}${query ? '&' : ''}offset=${offset}">${label}</a>`;
  return adminLayout(
    'Audit trail',
    html`<section><h1>Audit trail</h1>
<form method="get" action="/admin/audit">
${FIELDS.map(
  ([name, label, type]) =>
    html`<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${v.filters[name] ?? ''}">`,
)}
<p><button type="submit">Filter</button> <a href="/admin/audit/export?${query}">Export these events (NDJSON)</a></p>
</form>
${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}</section>
${
  v.rows
    ? html`<section><h2>Events</h2>${
        v.rows.items.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>When</th><th>Event</th><th>Outcome</th><th>Account</th><th>Client</th><th>IP</th><th>Detail</th></tr></thead><tbody>
${v.rows.items.map(
  (e) =>
    html`<tr><td>${when(e.at)}</td><td>${e.type}</td><td>${e.outcome}</td><td>${e.accountId ? html`<a href="/admin/players/${encodeURIComponent(e.accountId)}"><code>${e.accountId.slice(0, 8)}…</code></a>` : '-'}</td><td>${e.clientId ?? '-'}</td><td>${e.ip ?? '-'}</td><td><code>${JSON.stringify(e.detail)}</code></td></tr>`,
)}</tbody></table></div>
<p>${v.rows.offset > 0 ? link(Math.max(0, v.rows.offset - v.rows.limit), 'Newer events') : ''} ${v.rows.nextOffset !== null ? link(v.rows.nextOffset, 'Older events') : ''}</p>`
          : html`<p class="muted">No events match.</p>`
      }</section>`
    : ''
}`,
    v.nav,
  );
}
