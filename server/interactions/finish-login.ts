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
 * Commits a completed sign-in: the account remembers the page's language, the browser is recognised (new ones audited as login.new_device and
 * remembered), then oidc-provider gets the login, giving the session a new id on resume.
 */
export async function finishLogin(
  ctx: Context,
  deps: SignInDeps,
  login: { accountId: string; amr: string[]; acr: string },
  /** The account this request just proved (password step); read by id when not given. */
  proven?: Account,
): Promise<void> {
  const { interaction, ui } = state(ctx);
  const account = proven ?? (deps.devices ? await deps.accounts.findById(login.accountId) : undefined);
  // The login page's language becomes the account's, for mail that answers no page (operator, CLI).
  if (account?.locale !== ui.locale) await deps.accounts.setLocale(login.accountId, ui.locale);
  if (deps.devices && account) {
    const clientId = String(interaction.params.client_id);
    await deps.devices.signedIn(ctx, { ...account, locale: ui.locale }, { clientId, amr: login.amr, ui });
  }
  await finish(ctx, { login: { ...login, remember: true } });
}
