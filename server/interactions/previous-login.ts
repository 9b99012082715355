import type { Context } from 'koa';
import { state } from './context.ts';

/** When an account last signed in before the sign-in now under way (null: this is its first). */
export type PreviousLogin = (accountId: string) => Promise<Date | null>;

/**
 * When the player had last signed in, if they signed in just before this step of the request (null: this was
 * their first sign-in); undefined when they did not sign in in this request (an SSO pass-through is no login).
 * The consent page shows it (N.J.A.C. 13:69O-1.2(c)): a sign-in to a studio's app is in a new session, which
 * always asks for consent, so every such sign-in passes that page. First-party apps skip consent and show
 * `previous_login_at` from `/rg/status` or the `rg` claim themselves (the demo lobby does).
 */
export async function justSignedIn(
  ctx: Context,
  previousLogin: PreviousLogin | undefined,
): Promise<Date | null | undefined> {
  const { interaction } = state(ctx);
  const accountId = interaction.session?.accountId;
  const login = (interaction.lastSubmission as { login?: unknown } | undefined)?.login;
  if (!previousLogin || !accountId || !login) return undefined;
  return previousLogin(accountId);
}
