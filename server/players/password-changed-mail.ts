import { passwordChangedMail } from '../../views/mail/mails.ts';
import type { AccountNotices } from '../accounts/account-commands.ts';
import { accountUi } from '../mail/account-ui.ts';
import type { OutgoingMail } from '../mail/mail-outbox.ts';
import { linkContext } from './ports.ts';

/**
 * "Your password was changed", through the durable mail outbox, for every password change the account
 * commands make: in the asking page's language and brand (from the CLI or an operator: the account's own
 * language and the platform's brand), with a
 * link to "Forgot password?" in case it was not the player. A failure to queue is logged, never undoes the change.
 */
export function passwordChangedMailer(deps: {
  send(mail: OutgoingMail): Promise<void>;
  issuer: string;
  onError?: ((err: unknown) => void) | undefined;
}): AccountNotices {
  return {
    async passwordChanged(account, actor) {
      const ui = actor.ui ?? accountUi(account);
      const resetLink = `${deps.issuer}/forgot-password?${linkContext(ui, actor.clientId)}`;
      await deps
        .send({ kind: 'password_changed', to: account.email, ...passwordChangedMail(ui, resetLink) })
        .catch((err: unknown) => deps.onError?.(err));
    },
  };
}
