import type { ExpiringValues } from '../sessions/expiring-values.ts';

/** How long a ceremony may take between the options and the browser's answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** What a ceremony was started for: the challenge, and the account it must end with (when known). */
export interface PendingChallenge {
  challenge: string;
  accountId?: string | undefined;
}

export type CeremonyKind = 'register' | 'authenticate';

/**
 * Single-use WebAuthn challenges bound to one interaction (or one account-page session): issuing replaces
 * the previous one for the same binding, taking removes it, so a response can be checked at most once.
 */
export function createChallenges(values: ExpiringValues) {
  const key = (kind: CeremonyKind, binding: string) => `${kind}:${binding}`;
  return {
    async issue(kind: CeremonyKind, binding: string, pending: PendingChallenge): Promise<void> {
      await values.set(key(kind, binding), JSON.stringify(pending), CHALLENGE_TTL_MS);
    },
    async take(kind: CeremonyKind, binding: string): Promise<PendingChallenge | undefined> {
      const raw = await values.take(key(kind, binding));
      return raw ? (JSON.parse(raw) as PendingChallenge) : undefined;
    },
  };
}

export type Challenges = ReturnType<typeof createChallenges>;
