import type { Account } from '../accounts/account-store.ts';
import type { CliStores } from './cli-stores.ts';

/**
 * The `admin.action` row a CLI change leaves, like the console's and the API's: the CLI has no operator
 * identity, so `admin` is `cli` (the account command's own `account.*` row carries the same surface).
 */
export function recordCliAction(
  stores: Pick<CliStores, 'audit'>,
  action: string,
  account: Pick<Account, 'id'>,
  detail: { reason?: string | undefined } & Record<string, unknown> = {},
): Promise<void> {
  const { reason, ...extra } = detail;
  return stores.audit.direct.record({
    type: 'admin.action',
    outcome: 'success',
    accountId: account.id,
    detail: {
      admin: 'cli',
      adminKind: 'cli',
      surface: 'cli',
      action,
      target: account.id,
      ...(reason ? { reason } : {}),
      ...extra,
    },
  });
}
