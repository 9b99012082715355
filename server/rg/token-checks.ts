import type { FindAccount } from 'oidc-provider';
import type { AccountStore } from '../accounts/account-store.ts';
import { TemporarilyUnavailable } from '../provider/unavailable.ts';
import type { RegisterSubject } from './exclusion-register.ts';
import type { RegisterGate } from './register-gate.ts';
import type { ResponsibleGambling } from './responsible-gambling.ts';

/**
 * findAccount for the token endpoint's refresh grant: a restriction in force hides the account (invalid_grant; the
 * restriction already ended the grant, this is the belt to those braces), and when the register's last "not
 * excluded" answer is older than EXCLUSION_REGISTER_TTL it is asked again: a match ends everything (reason
 * `register`), an unreachable register fails closed with 503 unless EXCLUSION_REGISTER_FAIL=open.
 */
export function withRefreshChecks(
  base: FindAccount,
  deps: {
    rg: ResponsibleGambling;
    gate?: RegisterGate | undefined;
    accounts: Pick<AccountStore, 'findById'>;
    subject(
      account: NonNullable<Awaited<ReturnType<AccountStore['findById']>>>,
    ): Promise<RegisterSubject & { accountId: string }>;
  },
): FindAccount {
  return async function findAccount(ctx, sub, token) {
    const kind = (token as { kind?: string } | undefined)?.kind;
    if (kind === 'RefreshToken' || kind === 'AuthorizationCode') {
      if (await deps.rg.activeRestriction(sub).then((r) => r && r.kind !== 'register')) return undefined;
      if (kind === 'RefreshToken' && deps.gate) {
        const account = await deps.accounts.findById(sub);
        if (account) {
          const verdict = await deps.gate.askIfStale(await deps.subject(account));
          if (verdict === 'excluded') {
            await deps.rg.restrict(sub, 'register', null, { actor: 'register', surface: 'register' });
            return undefined;
          }
          if (verdict === 'unavailable_closed')
            throw new TemporarilyUnavailable(new Error('exclusion register unavailable'));
        }
      }
    }
    return base(ctx, sub, token);
  };
}
