import type { ExpiringValues } from '../sessions/expiring-values.ts';

/** How long one re-authentication on /account covers factor changes made in the same account session. */
export const REAUTH_WINDOW_MS = 5 * 60 * 1000;

/** How the player re-authenticated (audited; never the secret). */
export type ReauthMethod = 'password' | 'totp' | 'recovery';

/**
 * The last re-authentication of an account session (its oidc-provider session uid), kept for
 * REAUTH_WINDOW_MS in the shared expiring values, so every instance sees it and it expires by itself.
 */
export interface RecentReauth {
  mark(sessionUid: string, accountId: string, method: ReauthMethod): Promise<void>;
  /** Whether this session re-authenticated for this account within the window. */
  isRecent(sessionUid: string, accountId: string): Promise<boolean>;
}

export function recentReauth(values: ExpiringValues, windowMs = REAUTH_WINDOW_MS): RecentReauth {
  return {
    mark: (sessionUid, accountId, method) =>
      values.set(sessionUid, JSON.stringify({ accountId, method, at: Date.now() }), windowMs),
    async isRecent(sessionUid, accountId) {
      const raw = await values.get(sessionUid);
      if (!raw) return false;
      const saved = JSON.parse(raw) as { accountId?: string; at?: number };
      return saved.accountId === accountId && Date.now() - (saved.at ?? 0) < windowMs;
    },
  };
}
