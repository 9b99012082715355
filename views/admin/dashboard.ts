import type { Stats } from '../../server/admin/stats.ts';
import { html, type SafeHtml } from '../html.ts';
import { barChart } from './chart.ts';
import { adminLayout, type ConsoleNav } from './layout.ts';
import { searchForm } from './search.ts';

/** "3 min", "2 h 5 min": how old the oldest queued logout is. */
export function age(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const figure = (label: string, value: number | string, extra?: SafeHtml | string) =>
  html`<div class="figure"><dt>${label}</dt><dd><strong>${value}</strong>${extra ? html` <span class="muted">${extra}</span>` : ''}</dd></div>`;

/** The console home: live figures (admins) and player search. */
export function dashboardPage(v: { stats?: Stats | undefined; nav: ConsoleNav }): string {
  const s = v.stats;
  const bucketMinutes = (s?.series.bucketSeconds ?? 300) / 60;
  return adminLayout(
    'Dashboard',
    html`<section><h1>Find a player</h1>${searchForm()}</section>
${
  s
    ? html`<section aria-labelledby="figures"><h2 id="figures">Live figures</h2>
<dl class="figures">
${figure('Active sessions', s.activeSessions)}
${figure('Sign-ins (last hour)', s.signInsLastHour, barChart({ label: 'Sign-ins', values: s.series.signIns, bucketMinutes, color: '#0b6e3a' }))}
${figure('Failed sign-ins (last hour)', s.failedSignInsLastHour, barChart({ label: 'Failed sign-ins', values: s.series.failedSignIns, bucketMinutes, color: '#a31515' }))}
${figure('Lockouts (last hour)', s.lockoutsLastHour, `${s.lockoutsLast24h} in 24 h`)}
${figure('Refresh reuse detections (last hour)', s.reuseDetectionsLastHour, `${s.reuseDetectionsLast24h} in 24 h`)}
${figure('Back-channel logouts pending', s.backchannel.pending, html`${s.backchannel.failing} failing · oldest ${age(s.backchannel.oldestPendingAgeSeconds)}`)}
${figure('Back-channel logouts failed', s.backchannel.failed, html`oldest ${age(s.backchannel.oldestFailedAgeSeconds)} · <a href="/admin/deliveries?status=failed">see deliveries</a>`)}
</dl><p class="muted">As of ${s.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}; reload for fresh figures.</p></section>`
    : ''
}`,
    v.nav,
  );
}
