import type { FindAccount, Account as OidcAccount } from 'oidc-provider';
import type { AccountStore } from './account-store.ts';

/**
 * oidc-provider's findAccount seam: resolves a subject to its claims. A missing or non-active account
 * resolves to undefined, which the library treats as "this session/token no longer has a user".
 */
export function createFindAccount(accounts: AccountStore): FindAccount {
  return async function findAccount(_ctx, sub): Promise<OidcAccount | undefined> {
    const account = await accounts.findById(sub);
    if (account?.status !== 'active') return undefined;
    return {
      accountId: account.id,
      async claims() {
        return {
          sub: account.id,
          email: account.email,
          email_verified: account.emailVerified,
          preferred_username: account.email,
        };
      },
    };
  };
}
