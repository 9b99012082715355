import type { LogoutReport } from '../../server/admin/ports.ts';
import { html } from '../html.ts';
import { adminLayout, type ConsoleNav } from './layout.ts';

const STATE_TEXT: Record<LogoutReport['status'], string> = {
  queued: 'queued',
  delivered: 'delivered',
  failing: 'failing (retrying)',
  failed: 'failed (given up)',
};

/**
 * What an action did: the sentence, and each studio told with its back-channel delivery state. While a
 * delivery is still queued or failing the page reloads itself (a meta refresh, no script).
 */
export function resultPage(v: {
  label: string;
  summary: string;
  reason: string;
  player: { id: string; email: string };
  logouts?: LogoutReport[] | undefined;
  nav: ConsoleNav;
}): string {
  const open = (v.logouts ?? []).some((l) => l.status === 'queued' || l.status === 'failing');
  return adminLayout(
    `${v.label}: done`,
    html`<section><h1>${v.label}: ${v.player.email}</h1>
<p class="notice" role="status">${v.summary}</p>
<p>Reason: ${v.reason}</p>
${
  v.logouts === undefined
    ? ''
    : v.logouts.length
      ? html`<h2>Studios told (back-channel logout)</h2><div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Studio</th><th>Delivery</th><th>Last error</th><th></th></tr></thead><tbody>
${v.logouts.map(
  (l) =>
    html`<tr><td>${l.clientName ?? l.clientId}</td><td class="state-${l.status}">${STATE_TEXT[l.status]}</td><td>${l.lastError ?? '-'}</td><td><a href="/admin/deliveries/${encodeURIComponent(l.deliveryId)}">delivery ${l.deliveryId}</a></td></tr>`,
)}</tbody></table></div>${open ? html`<p class="muted">This page reloads every few seconds until every delivery has settled.</p>` : ''}`
      : html`<p class="muted">No studio was told: nothing ended that a studio with a back-channel logout URI held.</p>`
}
<p><a href="/admin/players/${encodeURIComponent(v.player.id)}">Back to ${v.player.email}</a></p></section>`,
    v.nav,
    open ? { refreshSeconds: 3 } : {},
  );
}
