import type { Locale } from '../../views/i18n/catalogs.ts';
import { createUi, type Ui } from '../../views/ui.ts';

/**
 * The Ui of a mail that answers no page request (the CLI, an operator, a notice without a page): the
 * account's own language (from its last registration or sign-in page), English when it was never seen, and
 * the platform's brand (an account belongs to no brand).
 */
export function accountUi(account: { locale?: Locale | null | undefined }): Ui {
  return createUi(account.locale ?? undefined);
}
