import type { TypedEmailHasher } from '../audit/typed-email.ts';
import type { ExclusionCheck } from '../players/ports.ts';
import type { RegisterGate } from './register-gate.ts';

/**
 * The register asked at registration (GAMSTOP, Spelpaus and OASIS block the opening of an account): before any
 * account exists, so `account_id` is null and the audit row carries a keyed hash of the address instead.
 * `open` lets an unanswered question through (audited as a failure); `closed` turns it into "try later".
 */
export function registrationCheck(gate: RegisterGate, typedEmail: TypedEmailHasher): ExclusionCheck {
  return async function registrationCheck({ email, dateOfBirth }) {
    const verdict = await gate.ask({ accountId: null, email, dateOfBirth }, 'registration', {
      emailHash: typedEmail(email),
    });
    if (verdict === 'excluded') return 'excluded';
    return verdict === 'unavailable_closed' ? 'unavailable' : 'clear';
  };
}
