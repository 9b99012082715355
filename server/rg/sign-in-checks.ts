import type { Account, AccountStore } from '../accounts/account-store.ts';
import type { RegisterSubject } from './exclusion-register.ts';
import type { RegisterGate } from './register-gate.ts';
import type { ResponsibleGambling } from './responsible-gambling.ts';
import type { RgStore } from './rg-store.ts';
import { RegisterExcludedError, RegisterUnavailableError, SignInRefusedError } from './sign-in-refused.ts';

export interface SignInCheckDeps {
  rg: ResponsibleGambling;
  store: Pick<RgStore, 'recordLogin'>;
  /** Absent when no EXCLUSION_REGISTER_URL is configured. */
  gate?: RegisterGate | undefined;
  /** What the register is told about the account. */
  subject(account: Account): Promise<RegisterSubject>;
}

/**
 * The responsible-gambling checks of a sign-in, run once the password is proven (so the message tells nothing to
 * someone without it): a restriction in force refuses with until when; the exclusion register is asked (a match
 * is recorded and ends every live session); a sign-in that passes moves last_login_at to previous_login_at.
 */
export async function checkSignIn(account: Account, deps: SignInCheckDeps): Promise<Date | null> {
  try {
    await deps.rg.refuseIfRestricted(account.id);
    if (deps.gate) {
      const verdict = await deps.gate.ask(await deps.subject(account), 'login');
      if (verdict === 'excluded') {
        await deps.rg.restrict(account.id, 'register', null, { actor: 'register', surface: 'register' });
        throw new RegisterExcludedError();
      }
      if (verdict === 'unavailable_closed') throw new RegisterUnavailableError();
    }
  } catch (err) {
    // The sign-in page audits the refusal against the account (it knows the request; this does not).
    if (err instanceof SignInRefusedError) err.accountId = account.id;
    throw err;
  }
  return deps.store.recordLogin(account.id);
}

/** AccountStore.authenticate with checkSignIn after a successful password check (the login page's store). */
export function withSignInChecks(accounts: AccountStore, deps: SignInCheckDeps): AccountStore {
  return {
    ...accounts,
    async authenticate(email, password) {
      const account = await accounts.authenticate(email, password);
      return account && { ...account, previousLoginAt: await checkSignIn(account, deps) };
    },
    checkSignIn: async (account) => {
      await checkSignIn(account, deps);
    },
  };
}
