import { html, type SafeHtml } from './html.ts';
import type { MessageKey } from './i18n/catalogs.ts';
import { formatTime } from './i18n/format-time.ts';
import type { Ui } from './ui.ts';

export interface RgSectionView {
  csrf: string;
  sessionMinutes: number | null;
  realityCheckMinutes: number | null;
  pending: { name: string; value: number | null; effectiveAt: Date }[];
  coolingOffHours: number;
  previousLoginAt: Date | null;
}

const TIMEOUTS = ['24h', '7d', '30d', '42d'] as const;
const EXCLUSIONS = ['6m', '1y', '5y', 'permanent'] as const;

/** The Responsible gambling section of /account: limits, pending changes, time-out, self-exclusion, panic button. */
export function rgSection(ui: Ui, view: RgSectionView): SafeHtml {
  const { t } = ui;
  const minutes = (v: number | null) => (v === null ? t('rg.none') : t.plural('rg.minutes', v));
  const hidden = html`<input type="hidden" name="csrf" value="${view.csrf}">`;
  const options = (periods: readonly string[]) =>
    periods.map((p) => html`<option value="${p}">${t(`rg.period.${p}` as MessageKey)}</option>`);
  const pending = view.pending.length
    ? html`<h3>${t('rg.pending.heading')}</h3><ul>${view.pending.map(
        (p) =>
          html`<li>${t('rg.pending.item', {
            name: t(`rg.name.${p.name}` as MessageKey),
            value: minutes(p.value),
            time: formatTime(ui.locale, p.effectiveAt),
          })}</li>`,
      )}</ul>`
    : '';
  const reality =
    view.realityCheckMinutes === null
      ? t('rg.realityOff')
      : t('rg.realityEvery', { minutes: view.realityCheckMinutes });
  return html`<section aria-labelledby="responsible-gambling">
<h2 id="responsible-gambling">${t('rg.heading')}</h2>
${view.previousLoginAt ? html`<p>${t('rg.previousLogin', { time: formatTime(ui.locale, view.previousLoginAt) })}</p>` : ''}
<p>${t.html('rg.current', { limit: html`<strong>${minutes(view.sessionMinutes)}</strong>`, reality: html`<strong>${reality}</strong>` })}</p>
${pending}
<form method="post" action="/account/rg/limits">
  ${hidden}
  <label for="rg-session-minutes">${t('rg.sessionMinutes')}</label>
  <input id="rg-session-minutes" name="session_minutes" type="number" min="1" max="1440" value="${view.sessionMinutes ?? ''}">
  <label for="rg-reality-minutes">${t('rg.realityMinutes')}</label>
  <input id="rg-reality-minutes" name="reality_check_minutes" type="number" min="1" max="1440" value="${view.realityCheckMinutes ?? ''}">
  <p class="muted">${t('rg.limitsHint', { hours: view.coolingOffHours })}</p>
  <button type="submit">${t('rg.saveLimits')}</button>
</form>
<h3>${t('rg.break.heading')}</h3>
<form method="post" action="/account/rg/timeout">
  ${hidden}
  <label for="rg-timeout">${t('rg.timeoutPeriod')}</label>
  <select id="rg-timeout" name="period">${options(TIMEOUTS)}</select>
  <p class="muted">${t('rg.timeoutHint')}</p>
  <button type="submit" class="secondary">${t('rg.takeTimeout')}</button>
</form>
<form method="post" action="/account/rg/self-exclusion">
  ${hidden}
  <label for="rg-exclusion">${t('rg.exclusionPeriod')}</label>
  <select id="rg-exclusion" name="period">${options(EXCLUSIONS)}</select>
  <button type="submit" class="secondary">${t('rg.selfExclude')}</button>
</form>
<form method="post" action="/account/rg/panic">
  ${hidden}
  <button type="submit" class="danger">${t('rg.panic')}</button>
</form>
</section>`;
}

/** Shown once a restriction from /account has signed the player out. */
export function restrictedMessage(ui: Ui, until: Date | null): SafeHtml {
  const text = until
    ? ui.t('rg.lockedUntil', { time: formatTime(ui.locale, until) })
    : ui.t('rg.lockedPermanently');
  return html`<p class="notice" role="status">${text}</p>`;
}
