import type { Context } from 'koa';
import { type FactorChange, factorChangedMail } from '../../views/mail/mails.ts';
import type { OutgoingMail } from '../mail/mail-outbox.ts';
import { signedIn } from './session.ts';

/** Tells the signed-in player that one of their factors changed on /account. */
export type FactorChangeNotifier = (ctx: Context, change: FactorChange) => Promise<void>;

/**
 * The player is told by mail (the durable outbox, like the new-device notice) whenever a second factor is
 * added or removed or the recovery codes are replaced on /account: in the page's language and brand, with
 * when, from where and a link to /account. A failure to queue is logged, never undoes the change.
 */
export function factorChangeMailer(deps: {
  send(mail: OutgoingMail): Promise<void>;
  issuer: string;
  onError?: ((err: unknown) => void) | undefined;
}): FactorChangeNotifier {
  return async function mailFactorChange(ctx, change) {
    const { account, ui } = signedIn(ctx);
    const rendered = factorChangedMail(ui, {
      kind: change,
      link: `${deps.issuer}/account`,
      at: new Date(),
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
    });
    await deps
      .send({ kind: 'factor_changed', to: account.email, ...rendered })
      .catch((err: unknown) => deps.onError?.(err));
  };
}
