import { logoutState } from '../../server/admin/actions.ts';
import type { deliveryView } from '../../server/admin/backchannel-actions.ts';
import type { WindowOf } from '../../server/admin/ports.ts';
import { html } from '../html.ts';
import { adminLayout, type ConsoleNav, postButton } from './layout.ts';
import { when } from './player.ts';

type DeliveryRow = ReturnType<typeof deliveryView>;

const FILTERS = [
  ['pending', 'Pending'],
  ['failed', 'Failed'],
  ['delivered', 'Delivered'],
  ['', 'All'],
] as const;

/** The back-channel logout outbox: by state, newest first, with Retry for what is not delivered. */
export function deliveriesPage(v: {
  rows: WindowOf<DeliveryRow>;
  status: string;
  clientNames: Record<string, string>;
  notice?: string | undefined;
  nav: ConsoleNav;
}): string {
  const link = (offset: number, label: string) =>
    html`<a href="/admin/deliveries?status=${v.status}&amp;offset=${offset}">${label}</a>`;
  return adminLayout(
    'Back-channel deliveries',
    html`${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}<section><h1>Back-channel logout deliveries</h1>
<nav aria-label="Delivery state"><p>${FILTERS.map(([value, label]) =>
      value === v.status
        ? html`<strong>${label}</strong> `
        : html`<a href="/admin/deliveries${value ? `?status=${value}` : '?status='}">${label}</a> `,
    )}</p></nav>
${
  v.rows.items.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Id</th><th>Studio</th><th>Player</th><th>Reason</th><th>State</th><th>Attempts</th><th>Last error</th><th>Queued</th><th>Next attempt</th><th>Deadline</th><th></th></tr></thead><tbody>
${v.rows.items.map((d) => {
  const state = logoutState({ status: d.status, lastError: d.lastError });
  return html`<tr><td>${d.id}</td><td>${v.clientNames[d.clientId] ?? d.clientId}</td><td><a href="/admin/players/${encodeURIComponent(d.accountId)}"><code>${d.accountId.slice(0, 8)}…</code></a></td><td>${d.reason}</td><td class="state-${state}">${state}</td><td>${d.attempts}</td><td>${d.lastError ?? '-'}${d.lastStatus ? ` (HTTP ${d.lastStatus})` : ''}</td><td>${when(d.createdAt)}</td><td>${d.status === 'pending' ? when(d.nextAttemptAt) : '-'}</td><td>${when(d.deadlineAt)}</td>
<td>${d.status === 'delivered' ? when(d.deliveredAt) : postButton(`/admin/deliveries/${encodeURIComponent(d.id)}/retry`, 'Retry', v.nav.csrf, {}, false)}</td></tr>`;
})}</tbody></table></div>
<p>${v.rows.offset > 0 ? link(Math.max(0, v.rows.offset - v.rows.limit), 'Newer') : ''} ${v.rows.nextOffset !== null ? link(v.rows.nextOffset, 'Older') : ''}</p>`
    : html`<p class="muted">No deliveries in this state.</p>`
}</section>`,
    v.nav,
  );
}
