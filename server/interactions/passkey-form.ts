import type { Context } from 'koa';
import type { PasskeyFormView } from '../../views/passkeys.ts';
import { state } from './context.ts';

/** Where the interaction's passkey script fetches options and posts the browser's answer. */
export function passkeyForm(ctx: Context, mode: PasskeyFormView['mode'], autofill = false): PasskeyFormView {
  const { interaction, csrf } = state(ctx);
  return {
    mode,
    action: `/interaction/${interaction.uid}/passkey`,
    options: `/interaction/${interaction.uid}/passkey/options`,
    csrf,
    nonce: String(ctx.state.cspNonce ?? ''),
    autofill,
  };
}
