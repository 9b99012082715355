import type { AccountStore } from '../accounts/account-store.ts';
import { AppError } from '../errors.ts';
import type { SessionStateStore } from './session-state.ts';

/** Sign-in refused because the player self-excluded; the message is meant for the login page. */
export class SelfExcludedError extends AppError {
  static override readonly code = 'ERR_SELF_EXCLUDED';
  constructor(readonly until: Date | null) {
    const when = until ? until.toISOString().slice(0, 10) : 'further notice';
    super(`This account is self-excluded until ${when}. Sign-in is not possible before then.`, {
      status: 403,
      expose: true,
    });
  }
}

/**
 * Decorates AccountStore.authenticate for self-exclusion: only after the password is proven (so the
 * message reveals nothing to someone without it) a self-excluded player is told until when, by a
 * SelfExcludedError; once the date has passed the account is reactivated and the login goes ahead. The
 * password is verified once, as for every account, so a wrong password takes the same time whether or
 * not the account is self-excluded (no timing oracle for that status).
 */
export function withSelfExclusion(
  accounts: AccountStore,
  deps: { states: SessionStateStore; lift: (accountId: string) => Promise<unknown> },
): AccountStore {
  return {
    ...accounts,
    async authenticate(email, password) {
      const check = await accounts.checkPassword(email, password);
      if (check.result !== 'ok') return undefined;
      const { account } = check;
      if (account.status === 'active') return account;
      if (account.status !== 'self_excluded') return undefined;
      const excluded = await deps.states.findExcluded(email);
      if (!excluded) return undefined;
      if (!excluded.excludedUntil || excluded.excludedUntil.getTime() > Date.now()) {
        throw new SelfExcludedError(excluded.excludedUntil);
      }
      await deps.lift(account.id);
      return accounts.findById(account.id);
    },
  };
}
