import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { TypedEmailHasher } from '../audit/typed-email.ts';
import { isFirstParty } from '../clients/first-party.ts';
import type { DeviceRecognition } from '../devices/device-recognition.ts';
import { AppError } from '../errors.ts';
import type { LoginLimits } from '../http/rate-limits-config.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { PasskeyService } from '../passkeys/passkey-service.ts';
import { abortInteraction, grantConsent, showConsent } from './consent.ts';
import { checkCsrf, type InteractionDeps, loadInteraction, requirePrompt, state } from './context.ts';
import { limitLogin } from './limit-login.ts';
import { authenticate, showLogin } from './login.ts';
import { continueAfterEnrolment, mfaTarget, showMfa, submitMfa } from './mfa.ts';
import { passkeyOptions, verifyPasskey } from './passkey.ts';
import { justSignedIn, type PreviousLogin } from './previous-login.ts';

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

/** Shows the page for whichever prompt the interaction is at (login: the MFA page once the password is done). */
function showPrompt(deps: {
  accounts: AccountStore;
  mfa?: MfaService | undefined;
  previousLogin?: PreviousLogin | undefined;
}) {
  return async function showPrompt(ctx: Context): Promise<void> {
    const { name } = state(ctx).interaction.prompt;
    const target = name === 'login' && deps.mfa ? await mfaTarget(ctx, deps.mfa, deps.accounts) : undefined;
    if (target && deps.mfa) return showMfa(ctx, deps.mfa, target);
    if (name === 'login') return showLogin(ctx);
    if (name === 'consent') {
      // First-party apps are never asked for consent (prompt=consent added for offline_access lands here).
      const client = await state(ctx).provider.Client.find(String(state(ctx).interaction.params.client_id));
      if (isFirstParty(client)) return grantConsent(deps.accounts)(ctx);
      return showConsent(ctx, await justSignedIn(ctx, deps.previousLogin));
    }
    throw new AppError(`Unsupported sign-in step: ${name}`, { code: 'ERR_PROMPT', status: 400 });
  };
}

/** Interaction routes: login -> MFA -> consent, each a visible pipeline of named steps. */
export function interactionRoutes(
  deps: InteractionDeps & {
    accounts: AccountStore;
    audit: AuditLog;
    mfa?: MfaService | undefined;
    loginLimits?: LoginLimits | undefined;
    /** REQUIRE_EMAIL_VERIFICATION: an unverified account's password does not finish a sign-in. */
    requireVerifiedEmail?: boolean | undefined;
    /** What the audit keeps of an email typed for an unknown account (a keyed hash). */
    typedEmail: TypedEmailHasher;
    /** Passkey second factor and passwordless sign-in (its own attempt limits, never the password's). */
    passkeys?: PasskeyService | undefined;
    devices?: DeviceRecognition | undefined;
    /** When the account signed in before this sign-in: shown on the consent page right after it. */
    previousLogin?: PreviousLogin | undefined;
  },
): Router {
  const router = new Router({ prefix: '/interaction' });
  const load = loadInteraction(deps);
  const csrf = checkCsrf(deps);
  router.get('/:uid', load, showPrompt(deps));
  router.post(
    '/:uid/login',
    parseForm,
    load,
    csrf,
    requirePrompt('login'),
    limitLogin(deps.loginLimits, deps.audit, deps),
    authenticate(deps),
  );
  if (deps.mfa) {
    const mfaDeps = { ...deps, mfa: deps.mfa };
    router.post('/:uid/mfa', parseForm, load, csrf, requirePrompt('login'), submitMfa(mfaDeps));
    router.post(
      '/:uid/mfa/continue',
      parseForm,
      load,
      csrf,
      requirePrompt('login'),
      continueAfterEnrolment(mfaDeps),
    );
  }
  if (deps.passkeys) {
    const passkeyDeps = { ...deps, passkeys: deps.passkeys };
    const ready = [parseForm, load, csrf, requirePrompt('login')] as const;
    router.post('/:uid/passkey/options', ...ready, passkeyOptions(passkeyDeps));
    router.post('/:uid/passkey', ...ready, verifyPasskey(passkeyDeps));
  }
  router.post('/:uid/confirm', parseForm, load, csrf, requirePrompt('consent'), grantConsent(deps.accounts));
  router.post('/:uid/abort', parseForm, load, csrf, abortInteraction);
  return router;
}
