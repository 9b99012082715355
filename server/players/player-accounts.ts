import type { AccountCommands } from '../accounts/account-commands.ts';
import type { Account, AccountStore } from '../accounts/account-store.ts';
import type { PlayerAccount, PlayerAccounts } from './ports.ts';

const view = (a: Account | undefined): PlayerAccount | undefined =>
  a && {
    id: a.id,
    email: a.email,
    emailVerified: a.emailVerified,
    status: a.status,
    locale: a.locale,
  };

/** Self-service over the account store, with the password reset as an account command (surface reset_link). */
export function playerAccounts(accounts: AccountStore, commands: AccountCommands): PlayerAccounts {
  return {
    findByEmail: async (email) => view(await accounts.findByEmail(email)),
    findById: async (id) => view(await accounts.findById(id)),
    register: async ({ email, password, dateOfBirth, locale }) =>
      view(await accounts.create({ email, password, dateOfBirth, locale, emailVerified: false }))!,
    markEmailVerified: (id) => accounts.markEmailVerified(id),
    async resetPassword(id, password, who, ui) {
      await commands.changePassword(id, password, {
        surface: 'reset_link',
        id,
        kind: 'player',
        ip: who.ip,
        userAgent: who.userAgent,
        ui,
        clientId: who.clientId,
      });
    },
  };
}
