import type { AdminActions } from '../../server/admin/actions.ts';
import type { AuditEntry, GrantView, SessionView, WindowOf } from '../../server/admin/ports.ts';
import { html, type SafeHtml } from '../html.ts';
import { adminLayout, type ConsoleNav, when } from './layout.ts';
import { type RgSummary, rgSection } from './player-rg.ts';

export type AccountDetail = Awaited<ReturnType<AdminActions['getUser']>>;

export interface PlayerView {
  detail: AccountDetail;
  sessions: SessionView[];
  grants: GrantView[];
  /** Absent for roles that may not read the audit trail (they see no responsible-gambling history either). */
  audit?: WindowOf<AuditEntry> | undefined;
  /** Responsible gambling: limits, pending changes, restriction, history. */
  rg: RgSummary;
  /** client_id -> client_name for the studios on this page. */
  clientNames?: Record<string, string>;
  /** Action names (console-actions.ts) this operator may run. */
  allowed: ReadonlySet<string>;
  nav: ConsoleNav;
}

const appName = (names: Record<string, string> | undefined, clientId: string) =>
  names?.[clientId] ?? clientId;

export { when };

const yes = (v: boolean) => (v ? 'yes' : 'no');

/** A link to an action's confirmation page (every change is confirmed there, with a reason). */
function actionLink(
  v: PlayerView,
  action: string,
  label: string,
  target?: string,
  safe = false,
): SafeHtml | '' {
  if (!v.allowed.has(action)) return '';
  const base = `/admin/players/${encodeURIComponent(v.detail.user.id)}/confirm/${action}`;
  const href = target ? `${base}?target=${encodeURIComponent(target)}` : base;
  return html`<a class="button${safe ? ' safe' : ''}" href="${href}">${label}</a>`;
}

function lockoutText(l: AccountDetail['lockouts']): string {
  const parts = [
    l.login.locked
      ? `sign-in locked (${l.login.failures} attempts; lifts in ${Math.ceil(l.login.retryAfterSeconds / 60)} min)`
      : `sign-in: ${l.login.failures} recent attempt${l.login.failures === 1 ? '' : 's'}`,
    l.mfa.locked ? `MFA locked (${l.mfa.failures} wrong codes)` : `MFA: ${l.mfa.failures} wrong code(s)`,
  ];
  return parts.join('; ');
}

/** The account's passkeys: name, when added, when last used. */
function passkeyTable(passkeys: AccountDetail['mfa']['passkeys']) {
  return passkeys.length
    ? html`<h2 id="passkeys-heading">Passkeys (${passkeys.length})</h2><div class="table-wrap" tabindex="0" role="region" aria-labelledby="passkeys-heading"><table><thead><tr><th>Name</th><th>Added</th><th>Last used</th></tr></thead><tbody>
${passkeys.map((p) => html`<tr><td>${p.name}</td><td>${when(p.createdAt)}</td><td>${p.lastUsedAt ? when(p.lastUsedAt) : 'never'}</td></tr>`)}</tbody></table></div>`
    : '';
}

/** A player's account, factors, lockouts, limits, sessions, grants and audit trail, with their actions. */
export function playerPage(v: PlayerView): string {
  const { user, mfa, lockouts, responsibleGambling: rg } = v.detail;
  const locked = lockouts.login.locked || lockouts.mfa.locked;
  const r = rg.restriction;
  const auditBase = `/admin/players/${encodeURIComponent(user.id)}?audit=`;
  return adminLayout(
    user.email,
    html`<section><h1>${user.email}</h1>
<dl class="facts">
<dt>Status</dt><dd><strong>${user.status}</strong></dd>
<dt>Roles</dt><dd>${user.roles.join(', ') || 'none (player)'}</dd>
<dt>Account id (sub)</dt><dd><code>${user.id}</code></dd>
<dt>Created</dt><dd>${when(user.createdAt)}</dd>
<dt>Email verified</dt><dd>${yes(user.emailVerified)}</dd>
<dt>Second factor</dt><dd>TOTP ${mfa.totp ? 'enrolled' : 'not enrolled'} · ${mfa.passkeys.length} passkey${mfa.passkeys.length === 1 ? '' : 's'} · ${mfa.recoveryCodesLeft} recovery code(s) left · MFA ${mfa.required ? 'required' : 'optional'}</dd>
<dt>Lockouts</dt><dd>${locked ? html`<strong class="state-failed">${lockoutText(lockouts)}</strong>` : lockoutText(lockouts)}</dd>
<dt>Session time limit</dt><dd>${rg.sessionLimitMinutes ? `${rg.sessionLimitMinutes} minutes` : 'none'}</dd>
<dt>Restriction</dt><dd>${r ? `${r.kind.replace('_', '-')} until ${r.until ? when(r.until) : 'further notice'}` : 'none'}</dd>
</dl>
${passkeyTable(mfa.passkeys)}
<div class="actions">${actionLink(v, 'end-all', 'End all sessions')}${user.status === 'active' ? html`${actionLink(v, 'password-reset', 'Send password reset')}${actionLink(v, 'disable', 'Disable account')}` : ''}${user.status === 'disabled' ? actionLink(v, 'enable', 'Enable account', undefined, true) : ''}${locked || lockouts.login.failures || lockouts.mfa.failures ? actionLink(v, 'unlock', 'Unlock', undefined, true) : ''}${mfa.totp || mfa.recoveryCodesLeft || mfa.passkeys.length ? actionLink(v, 'mfa-reset', 'Reset MFA') : ''}${user.roles.includes('admin') ? '' : actionLink(v, 'make-admin', 'Make admin')}${user.roles.includes('support') && !user.roles.includes('admin') ? '' : actionLink(v, 'make-support', 'Make support')}${user.roles.some((r) => r === 'admin' || r === 'support') ? actionLink(v, 'remove-role', 'Remove operator role') : ''}</div></section>
<section><h2>Sessions (${v.sessions.length})</h2>
${
  v.sessions.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Session</th><th>Device</th><th>IP</th><th>Last active</th><th>Expires</th><th>Studios</th><th>amr</th><th></th></tr></thead><tbody>
${v.sessions.map(
  (s) =>
    html`<tr><td><code>${s.id.slice(0, 10)}…</code></td><td>${s.userAgent ?? '-'}</td><td>${s.ip ?? '-'}</td><td>${when(s.lastActiveAt)}</td><td>${when(s.expiresAt)}</td><td>${s.clients.map((c) => appName(v.clientNames, c)).join(', ') || '-'}</td><td>${s.amr.join(', ')}</td>
<td class="actions">${actionLink(v, 'end-session', 'End session', s.id)}</td></tr>`,
)}</tbody></table></div>`
    : html`<p class="muted">No live sessions.</p>`
}</section>
<section><h2>Grants (${v.grants.length})</h2>
${
  v.grants.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>Studio</th><th>Scope</th><th>Granted</th><th>Expires</th><th></th></tr></thead><tbody>
${v.grants.map(
  (g) =>
    html`<tr><td>${appName(v.clientNames, g.clientId)}</td><td>${g.scope}</td><td>${when(g.createdAt)}</td><td>${when(g.expiresAt)}</td>
<td class="actions">${actionLink(v, 'revoke-grant', 'Revoke grant', g.id)}</td></tr>`,
)}</tbody></table></div>`
    : html`<p class="muted">No live grants.</p>`
}</section>
${rgSection(v.rg, { history: v.audit !== undefined })}
${v.audit ? auditSection(v.audit, auditBase, v.clientNames) : ''}`,
    v.nav,
  );
}

function auditSection(audit: WindowOf<AuditEntry>, base: string, names: Record<string, string> | undefined) {
  return html`<section><h2>Audit trail</h2>
${
  audit.items.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Table (scrolls sideways on narrow screens)"><table><thead><tr><th>When</th><th>Event</th><th>Outcome</th><th>Studio</th><th>IP</th><th>Detail</th></tr></thead><tbody>
${audit.items.map(
  (e) =>
    html`<tr><td>${when(e.at)}</td><td>${e.type}</td><td>${e.outcome}</td><td>${e.clientId ? appName(names, e.clientId) : '-'}</td><td>${e.ip ?? '-'}</td><td><code>${JSON.stringify(e.detail)}</code></td></tr>`,
)}</tbody></table></div>
<p>${audit.offset > 0 ? html`<a href="${base}${Math.max(0, audit.offset - audit.limit)}">Newer events</a> ` : ''}${audit.nextOffset !== null ? html`<a href="${base}${audit.nextOffset}">Older events</a>` : ''}</p>`
    : html`<p class="muted">No events.</p>`
}</section>`;
}
