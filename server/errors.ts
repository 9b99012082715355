import type { MessageKey } from '../views/i18n/catalogs.ts';
import type { MessageParams } from '../views/i18n/translate.ts';

/**
 * Pitboss's own failures (not OAuth protocol errors, which use oidc-provider's `errors`).
 * Koa answers from `status` and `expose`, so every subclass sets both on purpose.
 */
export class AppError extends Error {
  static readonly code: string = 'ERR_APP';
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  /** The page message in the player's language (views/i18n); `message` stays English for logs and APIs. */
  readonly messageKey: MessageKey | undefined;
  readonly messageParams: MessageParams | undefined;

  constructor(
    message: string,
    options: {
      code?: string;
      status?: number;
      expose?: boolean;
      cause?: unknown;
      messageKey?: MessageKey;
      messageParams?: MessageParams;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.messageKey = options.messageKey;
    this.messageParams = options.messageParams;
    this.name = new.target.name;
    this.code = options.code ?? (new.target as typeof AppError).code;
    this.status = options.status ?? 500;
    this.expose = options.expose ?? this.status < 500;
  }
}

/** Bad user input (CLI flag, form field, API body); the message names the offending field. */
export class InvalidInputError extends AppError {
  static override readonly code = 'ERR_INVALID_INPUT';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`, { status: 400, expose: true });
  }
}

/** A record that should exist does not. */
export class NotFoundError extends AppError {
  static override readonly code = 'ERR_NOT_FOUND';
  constructor(what: string) {
    super(`${what} not found`, { status: 404, expose: true });
  }
}

/** A unique value (email, client name) is already taken. */
export class ConflictError extends AppError {
  static override readonly code = 'ERR_CONFLICT';
  constructor(
    message: string,
    /** What stands in the way, for API answers (e.g. the clients that still use a brand). */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message, { status: 409, expose: true });
  }
}

/** A backing store (Redis, Postgres) cannot be reached: fail closed with 503 and Retry-After. */
export class StoreUnavailableError extends AppError {
  static override readonly code = 'ERR_STORE_UNAVAILABLE';
  constructor(
    readonly store: 'redis' | 'postgres',
    cause?: unknown,
  ) {
    super(`${store} is unavailable`, { status: 503, expose: true, cause });
  }
}

/** The caller is known but its role may not do this (a support operator asking for an admin action). */
export class ForbiddenError extends AppError {
  static override readonly code = 'ERR_FORBIDDEN';
  constructor(message: string) {
    super(message, { status: 403, expose: true });
  }
}
