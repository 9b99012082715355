import type { AuditEntry, GrantView, SessionView } from '../../server/admin/ports.ts';
import { html } from '../html.ts';
import { adminLayout, postButton } from './layout.ts';

export interface PlayerView {
  account: { id: string; email: string; status: string; roles: string[]; createdAt: string };
  sessions: SessionView[];
  grants: GrantView[];
  audit: AuditEntry[];
  /** client_id -> client_name for the studios on this page. */
  clientNames?: Record<string, string>;
  notice?: string | undefined;
  csrf: string;
  admin?: string | undefined;
}

const appName = (names: Record<string, string> | undefined, clientId: string) =>
  names?.[clientId] ?? clientId;

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '-');

/** A player's sessions, grants and audit trail, with one-click revocation. */
export function playerPage(v: PlayerView): string {
  const base = `/admin/players/${encodeURIComponent(v.account.id)}`;
  return adminLayout(
    v.account.email,
    html`${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
<section><h1>${v.account.email}</h1>
<p>Status: <strong>${v.account.status}</strong> · Roles: ${v.account.roles.join(', ') || 'none'} · Account id <code>${v.account.id}</code></p>
<p>${postButton(`${base}/end-all`, 'End all sessions', v.csrf)}
${v.account.status === 'active' ? html` ${postButton(`${base}/disable`, 'Disable account', v.csrf, { status: 'disabled' })} ${postButton(`${base}/disable`, 'Self-exclude', v.csrf, { status: 'self_excluded' })}` : ''}</p></section>
<section><h2>Sessions (${v.sessions.length})</h2>
${
  v.sessions.length
    ? html`<table><thead><tr><th>Session</th><th>Device</th><th>IP</th><th>Last active</th><th>Expires</th><th>Apps</th><th>amr</th><th></th></tr></thead><tbody>
${v.sessions.map(
  (
    s,
  ) => html`<tr><td><code>${s.id.slice(0, 10)}…</code></td><td>${s.userAgent ?? '-'}</td><td>${s.ip ?? '-'}</td><td>${when(s.lastActiveAt)}</td><td>${when(s.expiresAt)}</td><td>${s.clients.map((c) => appName(v.clientNames, c)).join(', ') || '-'}</td><td>${s.amr.join(', ')}</td>
<td>${postButton(`${base}/sessions/${encodeURIComponent(s.id)}/end`, 'Revoke', v.csrf)}</td></tr>`,
)}</tbody></table>`
    : html`<p class="muted">No live sessions.</p>`
}</section>
<section><h2>Grants (${v.grants.length})</h2>
${
  v.grants.length
    ? html`<table><thead><tr><th>App</th><th>Scope</th><th>Granted</th><th>Expires</th><th></th></tr></thead><tbody>
${v.grants.map(
  (
    g,
  ) => html`<tr><td>${appName(v.clientNames, g.clientId)}</td><td>${g.scope}</td><td>${when(g.createdAt)}</td><td>${when(g.expiresAt)}</td>
<td>${postButton(`${base}/grants/${encodeURIComponent(g.id)}/revoke`, 'Revoke', v.csrf)}</td></tr>`,
)}</tbody></table>`
    : html`<p class="muted">No live grants.</p>`
}</section>
<section><h2>Audit trail</h2>
${
  v.audit.length
    ? html`<table><thead><tr><th>When</th><th>Event</th><th>Outcome</th><th>App</th><th>IP</th><th>Detail</th></tr></thead><tbody>
${v.audit.map(
  (e) =>
    html`<tr><td>${when(e.at)}</td><td>${e.type}</td><td>${e.outcome}</td><td>${e.clientId ?? '-'}</td><td>${e.ip ?? '-'}</td><td><code>${JSON.stringify(e.detail)}</code></td></tr>`,
)}</tbody></table>`
    : html`<p class="muted">No events.</p>`
}</section>`,
    { email: v.admin, csrf: v.csrf },
  );
}
