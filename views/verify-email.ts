import { html } from './html.ts';
import { layout } from './layout.ts';
import type { Ui } from './ui.ts';

/** The verification link's answer: confirmed (with a way back into the sign-in it began in), or not valid. */
export function verifyEmailPage(ui: Ui, view: { ok: boolean; continueUrl?: string | undefined }): string {
  const { t } = ui;
  return layout(ui, {
    title: t('verify.title'),
    body: view.ok
      ? html`<p class="notice" role="status">${t('verify.done')}</p>
${view.continueUrl ? html`<a class="button" href="${view.continueUrl}">${t('verify.continue')}</a>` : ''}`
      : html`<p class="error" role="alert">${t('verify.invalid')}</p>`,
  });
}
