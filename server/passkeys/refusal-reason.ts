/** Why a passkey response was refused, as audit and metric labels (the library says it only in prose). */
export type RefusalReason =
  | 'challenge_expired'
  | 'malformed'
  | 'unknown_credential'
  | 'wrong_account'
  | 'user_handle'
  | 'origin'
  | 'rp_id'
  | 'challenge'
  | 'user_verification'
  | 'stale_counter'
  | 'signature'
  | 'duplicate'
  | 'account_inactive'
  | 'locked'
  | 'invalid';

const PATTERNS: [RegExp, RefusalReason][] = [
  [/origin/i, 'origin'],
  [/RP ID/i, 'rp_id'],
  [/challenge/i, 'challenge'],
  [/user verification|user could not be verified|not present/i, 'user_verification'],
  [/counter/i, 'stale_counter'],
  [/signature/i, 'signature'],
  [/base64url|missing|not a string|type/i, 'malformed'],
];

/** Maps a @simplewebauthn/server verification error to a stable reason. */
export function refusalReason(error: unknown): RefusalReason {
  const message = error instanceof Error ? error.message : String(error);
  return PATTERNS.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalid';
}
