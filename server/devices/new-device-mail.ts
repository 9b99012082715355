import { newDeviceMail } from '../../views/mail/mails.ts';
import { accountUi } from '../mail/account-ui.ts';
import type { OutgoingMail } from '../mail/mail-outbox.ts';
import type { NewDeviceNotifier } from './device-recognition.ts';

/**
 * Tells the player about a sign-in from a new browser by mail (the durable outbox: queued before the sign-in
 * completes, retried until delivered), in the language and brand of the sign-in's pages. The link is /account,
 * where the password, passkeys and two-step verification are. An account's very first sign-in (no previous
 * one: right after registering, or an operator-made account) is not announced: every browser is new then.
 */
export function newDeviceMailNotifier(deps: {
  send(mail: OutgoingMail): Promise<void>;
  issuer: string;
  /** When the account signed in before this sign-in (null: never); absent: every new browser is announced. */
  previousLogin?: ((accountId: string) => Promise<Date | null>) | undefined;
}): NewDeviceNotifier {
  return async function mailNewDevice(notice) {
    if (deps.previousLogin) {
      // The password step's checks already moved and returned it; other sign-ins (MFA, passkey) read it.
      const previous =
        notice.previousLoginAt !== undefined
          ? notice.previousLoginAt
          : await deps.previousLogin(notice.accountId);
      if (previous === null) return;
    }
    const ui = notice.ui ?? accountUi(notice);
    const rendered = newDeviceMail(ui, {
      link: `${deps.issuer}/account`,
      at: notice.at,
      ip: notice.ip,
      userAgent: notice.userAgent,
    });
    await deps.send({ kind: 'new_device', to: notice.email, ...rendered });
  };
}
