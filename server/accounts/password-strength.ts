import { dictionary } from '@zxcvbn-ts/language-common';
import type { PageMessage } from '../../views/i18n/translate.ts';

/**
 * NIST SP 800-63B (5.1.1.2) for passwords players choose: a minimum length, a maximum well above 64, no
 * composition rules, and a refusal of passwords from a list of commonly used and breached ones (the ~49k
 * list that @zxcvbn-ts/language-common ships and maintains), of repetitive or sequential characters, and of
 * context-specific words (the player's own email address).
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

let common: ReadonlySet<string> | undefined;
const commonPasswords = () => {
  common ??= new Set((dictionary['passwords-common'] as readonly string[]).map((p) => p.toLowerCase()));
  return common;
};

function repetitiveOrSequential(password: string): boolean {
  const codes = [...password].map((c) => c.codePointAt(0)!);
  const steps = new Set(codes.slice(1).map((c, i) => c - codes[i]!));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]!);
}

/** Why a new password is refused, as a page message; undefined when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string } = {}): PageMessage | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { key: 'password.tooShort', params: { min: PASSWORD_MIN } };
  if (length > PASSWORD_MAX) return { key: 'password.tooLong', params: { max: PASSWORD_MAX } };
  const folded = password.toLowerCase();
  if (commonPasswords().has(folded) || repetitiveOrSequential(folded)) return 'password.common';
  const email = context.email?.trim().toLowerCase();
  const local = email?.split('@')[0] ?? '';
  if (email && (folded.includes(email) || (local.length >= 4 && folded.includes(local)))) {
    return 'password.containsEmail';
  }
  return undefined;
}
