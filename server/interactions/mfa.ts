import type { Context } from 'koa';
import { mfaEnrolPage, mfaPage, recoveryCodesPage } from '../../views/mfa.ts';
import type { Account, AccountStore } from '../accounts/account-store.ts';
import type { MfaContext, MfaService } from '../mfa/mfa-service.ts';
import {
  acrAsksForMfa,
  acrClaimOf,
  clientRequiresMfa,
  MFA_ACR,
  MFA_ONLY_REASONS,
  type MfaRequirement,
  mfaRequirement,
} from '../mfa/policy.ts';
import { finish, outOfDate, state } from './context.ts';

/**
 * What the MFA step remembers inside the oidc-provider Interaction (its `result`, persisted with the
 * interaction's TTL and bound to this browser's interaction cookie): the password was verified for this
 * account, and later that the second factor was too. Nothing reaches the session until both are done.
 */
interface PendingMfa {
  accountId: string;
  verified?: boolean;
}

export interface MfaTarget {
  account: Account;
  requirement: MfaRequirement;
}

type Interaction = ReturnType<typeof state>['interaction'];

const pendingOf = (interaction: Interaction) =>
  (interaction.result as { pitbossMfa?: PendingMfa } | undefined)?.pitbossMfa;

async function remember(interaction: Interaction, pending: PendingMfa): Promise<void> {
  interaction.result = { pitbossMfa: pending };
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
}

/** Whether this interaction's request (client flag, acr_values, claims) and the account need a second factor. */
export async function requirementFor(ctx: Context, mfa: MfaService, accountId: string) {
  const { provider, interaction } = state(ctx);
  const client = await provider.Client.find(String(interaction.params.client_id));
  return mfaRequirement(await mfa.status(accountId), {
    clientRequiresMfa: clientRequiresMfa(client),
    acrAsksForMfa: acrAsksForMfa(interaction.params.acr_values, acrClaimOf(interaction.params.claims)),
  });
}

/**
 * The account the MFA step is for: the one whose password was just verified in this interaction, or
 * (step-up) the signed-in session's account when a second factor is all the login prompt asks for.
 */
export async function mfaTarget(
  ctx: Context,
  mfa: MfaService,
  accounts: AccountStore,
): Promise<MfaTarget | undefined> {
  const { interaction } = state(ctx);
  const { reasons } = interaction.prompt;
  const stepUp = reasons.length > 0 && reasons.every((r) => MFA_ONLY_REASONS.has(r));
  const accountId =
    pendingOf(interaction)?.accountId ?? (stepUp ? interaction.session?.accountId : undefined);
  if (!accountId) return undefined;
  const account = await accounts.findById(accountId);
  if (account?.status !== 'active') return undefined;
  const requirement = await requirementFor(ctx, mfa, accountId);
  return requirement === 'none' ? undefined : { account, requirement };
}

/** After a correct password: if a second factor is needed, keep the account pending and show the MFA page. */
export async function startMfa(ctx: Context, mfa: MfaService, account: Account): Promise<boolean> {
  if ((await requirementFor(ctx, mfa, account.id)) === 'none') return false;
  const { interaction } = state(ctx);
  await remember(interaction, { accountId: account.id });
  ctx.status = 303;
  ctx.redirect(`/interaction/${interaction.uid}`);
  return true;
}

/** Renders the verification or enrolment page for the target account. */
export async function showMfa(ctx: Context, mfa: MfaService, target: MfaTarget, error?: string) {
  const { interaction, csrf, clientName, ui } = state(ctx);
  const action = `/interaction/${interaction.uid}/mfa`;
  ctx.type = 'html';
  if (target.requirement === 'verify') {
    ctx.body = mfaPage(ui, { action, csrf, clientName, error });
    return;
  }
  const enrolment = await mfa.beginEnrolment(target.account, interaction.uid);
  ctx.body = mfaEnrolPage(ui, { action, csrf, clientName, error, ...enrolment });
}

const mfaContext = (ctx: Context, accountId: string): MfaContext => {
  const { interaction } = state(ctx);
  return {
    accountId,
    flowId: interaction.uid,
    clientId: String(interaction.params.client_id),
    sessionId: interaction.session?.uid,
    ip: ctx.ip,
    userAgent: ctx.get('user-agent'),
  };
};

/** Commits the login with both factors; oidc-provider gives the session a new id on resume. */
const finishWithMfa = (ctx: Context, accountId: string) =>
  finish(ctx, { login: { accountId, amr: ['pwd', 'otp'], acr: MFA_ACR, remember: true } });

/** POST /interaction/:uid/mfa: checks the code (or confirms enrolment); wrong codes are counted and limited. */
export function submitMfa(deps: { mfa: MfaService; accounts: AccountStore }) {
  return async function submitMfa(ctx: Context) {
    const target = await mfaTarget(ctx, deps.mfa, deps.accounts);
    if (!target) throw outOfDate();
    const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
    const code = typeof body.code === 'string' ? body.code.slice(0, 64) : '';
    const c = mfaContext(ctx, target.account.id);
    const result =
      target.requirement === 'verify'
        ? await deps.mfa.verify(c, code)
        : await deps.mfa.confirmEnrolment(c, code);
    if (result.outcome === 'locked') {
      // The RP gets the reason in English (its logs); the player's page was in their language.
      await finish(ctx, {
        error: 'access_denied',
        error_description: 'Too many wrong authentication codes. Start signing in again later.',
      });
      return;
    }
    if (result.outcome === 'invalid') {
      ctx.status = 401;
      await showMfa(ctx, deps.mfa, target, state(ctx).ui.t('mfa.invalid'));
      return;
    }
    if (result.outcome === 'enrolled') {
      const { interaction, csrf, ui } = state(ctx);
      await remember(interaction, { accountId: target.account.id, verified: true });
      ctx.type = 'html';
      ctx.body = recoveryCodesPage(ui, {
        action: `/interaction/${interaction.uid}/mfa/continue`,
        csrf,
        codes: result.recoveryCodes,
      });
      return;
    }
    await finishWithMfa(ctx, target.account.id);
  };
}

/** POST /interaction/:uid/mfa/continue: after the recovery codes were shown, finish the login. */
export async function continueAfterEnrolment(ctx: Context): Promise<void> {
  const pending = pendingOf(state(ctx).interaction);
  if (!pending?.verified) throw outOfDate();
  await finishWithMfa(ctx, pending.accountId);
}
