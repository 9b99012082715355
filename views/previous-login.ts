import { html, type SafeHtml } from './html.ts';
import { formatTime } from './i18n/format-time.ts';
import type { Ui } from './ui.ts';

/** The previous sign-in time right after signing in (N.J.A.C. 13:69O-1.2(c)); on the consent page. */
export function previousLoginNotice(ui: Ui, previousLoginAt: Date | null): SafeHtml {
  const text = previousLoginAt
    ? ui.t('previousLogin.notice', { time: formatTime(ui.locale, previousLoginAt) })
    : ui.t('previousLogin.first');
  return html`<p class="notice" role="status">${text}</p>`;
}
