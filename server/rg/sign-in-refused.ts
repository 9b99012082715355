import { AppError } from '../errors.ts';
import type { RestrictionKind } from './rg-store.ts';

/** A sign-in refused after the password was proven; the message is written for the login page. */
export class SignInRefusedError extends AppError {
  static override readonly code: string = 'ERR_SIGN_IN_REFUSED';
}

const WHAT: Record<RestrictionKind, string> = {
  timeout: 'You took a time-out',
  self_exclusion: 'This account is self-excluded',
  panic: 'You locked this account with the panic button',
  register: 'This account is listed on the national exclusion register',
};

/** Format used on pages and in messages: minute precision, UTC, unambiguous. */
export function formatUntil(until: Date): string {
  return `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Refused because a restriction is in force: says which and until when. */
export class RestrictedError extends SignInRefusedError {
  static override readonly code = 'ERR_RESTRICTED';
  constructor(
    readonly kind: RestrictionKind,
    readonly until: Date | null,
  ) {
    const when = until ? `until ${formatUntil(until)}` : 'permanently';
    super(`${WHAT[kind]}: sign-in is not possible ${when}.`, { status: 403, expose: true });
  }
}

/** Refused because the exclusion register lists the player. */
export class RegisterExcludedError extends SignInRefusedError {
  static override readonly code = 'ERR_REGISTER_EXCLUDED';
  constructor() {
    super(
      'This account is listed on the national self-exclusion register, so sign-in is not possible. Contact the register to change this.',
      { status: 403, expose: true },
    );
  }
}

/** The register could not be asked and EXCLUSION_REGISTER_FAIL is closed. */
export class RegisterUnavailableError extends SignInRefusedError {
  static override readonly code = 'ERR_REGISTER_UNAVAILABLE';
  constructor(cause?: unknown) {
    super('We cannot check the national exclusion register right now. Please try again in a few minutes.', {
      status: 503,
      expose: true,
      cause,
    });
  }
}
