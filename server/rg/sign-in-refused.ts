import type { MessageKey } from '../../views/i18n/catalogs.ts';
import { formatTime } from '../../views/i18n/format-time.ts';
import { createUi, type Ui } from '../../views/ui.ts';
import { AppError } from '../errors.ts';
import type { RestrictionKind } from './rg-store.ts';

/**
 * A sign-in refused after the password (or passkey) was proven. `message` is English for logs and APIs;
 * `pageMessage(ui)` is what the login page shows, in the player's language.
 */
export class SignInRefusedError extends AppError {
  static override readonly code: string = 'ERR_SIGN_IN_REFUSED';
  /** The account refused (set by the sign-in checks), for the audit row of the refusal. */
  accountId: string | undefined;
  /** The refusal in the page's language (dates formatted for it). */
  pageMessage(ui: Ui): string {
    return this.messageKey ? ui.t(this.messageKey, this.messageParams) : this.message;
  }
}

const ENGLISH = createUi('en');

const WHAT: Record<RestrictionKind, MessageKey> = {
  timeout: 'signIn.refused.timeout',
  self_exclusion: 'signIn.refused.self_exclusion',
  panic: 'signIn.refused.panic',
  register: 'signIn.refused.register',
};

/** The refusal for a restriction in force, in the page's language: which one, and until when. */
export function restrictionMessage(ui: Ui, kind: RestrictionKind, until: Date | null): string {
  const what = ui.t(WHAT[kind]);
  return until
    ? ui.t('signIn.refused.until', { what, time: formatTime(ui.locale, until) })
    : ui.t('signIn.refused.permanently', { what });
}

/** Refused because a restriction is in force: says which and until when. */
export class RestrictedError extends SignInRefusedError {
  static override readonly code = 'ERR_RESTRICTED';
  constructor(
    readonly kind: RestrictionKind,
    readonly until: Date | null,
  ) {
    super(restrictionMessage(ENGLISH, kind, until), { status: 403, expose: true });
  }
  override pageMessage(ui: Ui): string {
    return restrictionMessage(ui, this.kind, this.until);
  }
}

/** Refused because the exclusion register lists the player. */
export class RegisterExcludedError extends SignInRefusedError {
  static override readonly code = 'ERR_REGISTER_EXCLUDED';
  constructor() {
    super(ENGLISH.t('signIn.refused.registerExcluded'), {
      status: 403,
      expose: true,
      messageKey: 'signIn.refused.registerExcluded',
    });
  }
}

/** The register could not be asked and EXCLUSION_REGISTER_FAIL is closed. */
export class RegisterUnavailableError extends SignInRefusedError {
  static override readonly code = 'ERR_REGISTER_UNAVAILABLE';
  constructor(cause?: unknown) {
    super(ENGLISH.t('signIn.refused.registerUnavailable'), {
      status: 503,
      expose: true,
      cause,
      messageKey: 'signIn.refused.registerUnavailable',
    });
  }
}
