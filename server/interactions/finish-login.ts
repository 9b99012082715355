import type { Context } from 'koa';
import type { Account, AccountStore } from '../accounts/account-store.ts';
import type { DeviceRecognition } from '../devices/device-recognition.ts';
import { finish, state } from './context.ts';

/** What every way of completing the login prompt needs. */
export interface SignInDeps {
  accounts: AccountStore;
  /** Device cookie and new-device audit (absent: no device recognition). */
  devices?: DeviceRecognition | undefined;
}

/**
 * Commits a completed sign-in: the browser is recognised (new ones audited as login.new_device and
 * remembered), then oidc-provider gets the login, giving the session a new id on resume.
 */
export async function finishLogin(
  ctx: Context,
  deps: SignInDeps,
  login: { accountId: string; amr: string[]; acr: string },
  /** The account this request just proved (password step); read by id when not given. */
  proven?: Account,
): Promise<void> {
  if (deps.devices) {
    const account = proven ?? (await deps.accounts.findById(login.accountId));
    const { interaction, ui } = state(ctx);
    const clientId = String(interaction.params.client_id);
    if (account) await deps.devices.signedIn(ctx, account, { clientId, amr: login.amr, ui });
  }
  await finish(ctx, { login: { ...login, remember: true } });
}
