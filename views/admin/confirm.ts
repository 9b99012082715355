import type { ActionChoice } from '../../server/admin/ui/console-actions.ts';
import { html } from '../html.ts';
import { adminLayout, type ConsoleNav } from './layout.ts';

/** The confirmation page every console change goes through: what it does, a required reason, confirm. */
export function confirmPage(v: {
  label: string;
  effect: string;
  player: { id: string; email: string };
  /** The session or grant acted on, when not the whole account. */
  target?: { kind: string; id: string; detail?: string } | undefined;
  action: string;
  reason?: string | undefined;
  /** A choice besides the reason (a restriction's period), with what was picked when the form comes back. */
  choice?: (ActionChoice & { value?: string | undefined }) | undefined;
  error?: string | undefined;
  nav: ConsoleNav;
}): string {
  const back = `/admin/players/${encodeURIComponent(v.player.id)}`;
  return adminLayout(
    `${v.label}?`,
    html`<section><h1>${v.label}: ${v.player.email}</h1>
${v.target ? html`<p>${v.target.kind} <code>${v.target.id}</code>${v.target.detail ? html` (${v.target.detail})` : ''}</p>` : ''}
<p>${v.effect}</p>
${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
<form method="post" action="${v.action}"><input type="hidden" name="csrf" value="${v.nav.csrf}">
${v.target ? html`<input type="hidden" name="target" value="${v.target.id}">` : ''}
${v.choice ? choiceField(v.choice) : ''}
<label for="reason">Reason (kept in the audit trail)</label>
<textarea id="reason" name="reason" required maxlength="500">${v.reason ?? ''}</textarea>
<p class="actions"><button type="submit" class="danger">${v.label}</button> <a href="${back}">Cancel</a></p>
</form></section>`,
    v.nav,
  );
}

function choiceField(c: ActionChoice & { value?: string | undefined }) {
  return html`<label for="${c.name}">${c.label}</label>
<select id="${c.name}" name="${c.name}" required><option value="">Choose…</option>${c.options.map((o) => html`<option value="${o.value}"${o.value === c.value ? ' selected' : ''}>${o.label}</option>`)}</select>`;
}
