import type { Context } from 'koa';
import { consentPage } from '../../views/consent.ts';
import { previousLoginNotice } from '../../views/previous-login.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import { grantableScopes } from '../clients/first-party.ts';
import { finish, state } from './context.ts';

/**
 * Renders the consent page listing what the client asks for; right after a sign-in (`previousLoginAt` not
 * undefined) it also shows the previous sign-in time (previous-login.ts).
 */
export function showConsent(ctx: Context, previousLoginAt?: Date | null): void {
  const { interaction, csrf, clientName, ui } = state(ctx);
  const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  ctx.type = 'html';
  ctx.body = consentPage(ui, {
    action: `/interaction/${interaction.uid}/confirm`,
    abortAction: `/interaction/${interaction.uid}/abort`,
    csrf,
    clientName,
    notice: previousLoginAt === undefined ? undefined : previousLoginNotice(ui, previousLoginAt),
    scopes: details.missingOIDCScope ?? [],
    claims: (details.missingOIDCClaims ?? []).filter(
      (c) => !['sub', 'sid', 'auth_time', 'acr', 'amr'].includes(c),
    ),
  });
}

/** Records the consent in a Grant; role-bound scopes the account lacks are rejected, not granted. */
export function grantConsent(accounts: AccountStore) {
  return async function grantConsent(ctx: Context) {
    const { provider, interaction } = state(ctx);
    const accountId = interaction.session?.accountId;
    if (!accountId) throw new Error('consent prompt without a session');
    const account = await accounts.findById(accountId);
    const details = interaction.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    const grant = interaction.grantId
      ? await provider.Grant.find(interaction.grantId)
      : new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
    if (!grant) throw new Error('grant vanished during consent');
    const scopes = details.missingOIDCScope ?? [];
    // Role-bound scopes (admin) need the role; first-party-only scopes (rg) need a first-party client.
    const client = await provider.Client.find(String(interaction.params.client_id));
    const allowed = grantableScopes(scopes, client, account?.roles ?? []);
    const rejected = scopes.filter((s) => !allowed.includes(s));
    if (allowed.length) grant.addOIDCScope(allowed.join(' '));
    if (rejected.length) grant.rejectOIDCScope(rejected.join(' '));
    if (details.missingOIDCClaims?.length) grant.addOIDCClaims(details.missingOIDCClaims);
    for (const [indicator, list] of Object.entries(details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, list.join(' '));
    }
    const grantId = await grant.save();
    // With prompt=login, consent keeps the login it follows (else the resumed request asks for the password
    // again); otherwise the login result is not replayed, so the session is not regenerated a second time.
    const forcedLogin = String(interaction.params.prompt ?? '')
      .split(' ')
      .includes('login');
    await finish(ctx, { consent: interaction.grantId ? {} : { grantId } }, forcedLogin);
  };
}

/** The player declined: the RP receives access_denied. */
export async function abortInteraction(ctx: Context): Promise<void> {
  await finish(ctx, { error: 'access_denied', error_description: 'The player declined the request.' });
}
