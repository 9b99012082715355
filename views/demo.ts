import { html, raw } from './html.ts';
import { layout } from './layout.ts';
import { previousLoginNotice } from './previous-login.ts';
import type { Ui } from './ui.ts';

export interface DemoView {
  signedIn?: {
    claims: Record<string, unknown>;
    /** Epoch seconds, from GET /rg/status (null: the first sign-in). */
    previousLoginAt: number | null;
    accessTokenExpiresAt: number;
    hasRefreshToken: boolean;
    refreshed: number;
  };
  csrf: string;
  nonce: string;
  error?: string | undefined;
  /** Why the Pitboss session ended (the live stream said so); shown on the signed-out view. */
  ended?: string | undefined;
}

const when = (epoch: unknown) =>
  typeof epoch === 'number'
    ? new Date(epoch * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'
    : String(epoch);

/**
 * The demo casino lobby (development only, English): signs in through Pitboss, then shows the ID token's
 * claims, refreshes tokens, streams the session's live events and signs out.
 */
export function demoPage(ui: Ui, view: DemoView): string {
  const s = view.signedIn;
  const body = s
    ? html`<p role="status" class="notice">Signed in as <strong>${String(s.claims.email ?? s.claims.sub)}</strong>.</p>
${previousLoginNotice(ui, s.previousLoginAt === null ? null : new Date(s.previousLoginAt * 1000))}
<div id="live-alerts" aria-live="assertive"></div>
<h2>ID token claims</h2>
<dl class="claims">${Object.entries(s.claims).map(
        ([k, v]) =>
          html`<dt><code>${k}</code></dt><dd><code>${['iat', 'exp', 'auth_time'].includes(k) ? when(v) : JSON.stringify(v)}</code></dd>`,
      )}</dl>
<h2>Tokens</h2>
<p>Access token valid until <span data-testid="access-expiry">${when(s.accessTokenExpiresAt)}</span>. Refresh token: ${s.hasRefreshToken ? 'yes' : 'no'}. Refreshed <span data-testid="refresh-count">${s.refreshed}</span> times.</p>
<form method="post" action="/demo/refresh"><input type="hidden" name="csrf" value="${view.csrf}"><button type="submit">Refresh tokens</button></form>
<h2>Live session events</h2>
<ul id="events" aria-live="polite" data-testid="events"><li>Connecting…</li></ul>
<template id="reality-check"><div class="notice" role="alert" data-testid="reality-check"><p></p><form method="post" action="/demo/reality-check"><input type="hidden" name="csrf" value="${view.csrf}"><button type="submit">Continue playing</button></form></div></template>
<form method="post" action="/demo/logout"><input type="hidden" name="csrf" value="${view.csrf}"><button type="submit" class="secondary">Sign out</button></form>
<script nonce="${view.nonce}">${raw(EVENTS_SCRIPT)}</script>`
    : html`${view.ended ? html`<p class="notice" role="status">Your session has ended (${view.ended}). Sign in again to play.</p>` : ''}<p>A tiny casino app for trying Pitboss: it signs in through Pitboss as a first-party app (no consent page), then shows what it receives.</p>
<p class="muted">New here? The sign-in page has Create account.</p>
<a class="button" href="/demo/login">Sign in with Pitboss</a>`;
  return layout(ui, {
    title: 'Demo casino',
    heading: 'Demo casino lobby',
    body: html`${view.error ? html`<p class="error" role="alert">${view.error}</p>` : ''}${body}`,
  });
}

// Plain DOM: each event the server relays from GET /session/events becomes one list item; the warnings a
// casino must show become alerts; session.ended reloads the lobby, which the relay has signed out.
const EVENTS_SCRIPT = `
const list = document.getElementById('events');
const alerts = document.getElementById('live-alerts');
const add = (text) => { const li = document.createElement('li'); li.textContent = text; list.append(li); };
const warn = (text) => { const p = document.createElement('p'); p.className = 'notice'; p.setAttribute('role', 'alert'); p.textContent = text; alerts.append(p); return p; };
const utc = (epoch) => new Date(epoch * 1000).toISOString().slice(11, 16) + ' UTC';
const source = new EventSource('/demo/events');
source.onopen = () => { list.replaceChildren(); add(new Date().toLocaleTimeString() + ' listening'); };
for (const type of ['session.expiring', 'reality_check.due', 'session.ended', 'unavailable']) {
  source.addEventListener(type, (e) => add(new Date().toLocaleTimeString() + ' ' + type + ' ' + e.data));
}
source.addEventListener('session.expiring', (e) => {
  const data = JSON.parse(e.data);
  warn('Your session ends at ' + utc(data.at) + ' (' + data.reason.replace('_', ' ') + ').');
});
source.addEventListener('reality_check.due', (e) => {
  const box = document.getElementById('reality-check').content.firstElementChild.cloneNode(true);
  box.querySelector('p').textContent = 'Reality check: you have been playing for ' + JSON.parse(e.data).elapsed_minutes + ' minutes.';
  alerts.append(box);
});
source.addEventListener('session.ended', (e) => {
  source.close();
  location.assign('/demo');
});
source.addEventListener('unavailable', () => source.close());
`;
