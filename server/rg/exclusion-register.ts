/** Who the register is asked about (DESIGN "Exclusion register": sent as JSON, nothing else). */
export interface RegisterSubject {
  /** Null at registration: the register is asked before any account exists. */
  accountId: string | null;
  email: string;
  /** ISO date (YYYY-MM-DD), or null when the account has none on record. */
  dateOfBirth: string | null;
}

/** A national exclusion register (GAMSTOP, OASIS, Spelpaus): true when the player is excluded. */
export interface ExclusionRegister {
  isExcluded(subject: RegisterSubject): Promise<boolean>;
}

/** The register did not answer, or answered something other than `200 { "excluded": boolean }`. */
export class RegisterError extends Error {
  static readonly code = 'ERR_REGISTER';
  readonly code = RegisterError.code;
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`exclusion register: ${reason}`, { cause });
    this.name = 'RegisterError';
  }
}

/**
 * The HTTP JSON register: POST `{ account_id, email, date_of_birth }` to `url`, expect `200 { "excluded": bool }`.
 * A register that does not answer within `timeoutMs` counts as unreachable.
 */
export function createHttpExclusionRegister(options: { url: string; timeoutMs: number }): ExclusionRegister {
  return {
    async isExcluded(subject) {
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            account_id: subject.accountId,
            email: subject.email,
            date_of_birth: subject.dateOfBirth,
          }),
          signal: AbortSignal.timeout(options.timeoutMs),
          redirect: 'error',
        });
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        throw new RegisterError(timedOut ? 'timeout' : 'unreachable', err);
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new RegisterError(`status ${res.status}`);
      }
      const body = (await res.json().catch(() => undefined)) as { excluded?: unknown } | undefined;
      if (typeof body?.excluded !== 'boolean') throw new RegisterError('malformed answer');
      return body.excluded;
    },
  };
}
