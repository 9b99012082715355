import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { AccountCommands } from '../accounts/account-commands.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PasswordAttempts } from '../http/password-attempts.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { PasskeyService } from '../passkeys/passkey-service.ts';
import { finishAccountSignIn } from './account-sign-in.ts';
import type { FactorChangeNotifier } from './factor-mail.ts';
import { beginEnrolment, confirmEnrolment, regenerateCodes, removeTotp, showAccount } from './mfa-actions.ts';
import { addPasskey, passkeyRegistrationOptions, removePasskey } from './passkey-actions.ts';
import { changePassword } from './password.ts';
import { type ReauthRefusal, reauthMessage, requireReauth } from './reauth.ts';
import type { RecentReauth } from './recent-reauth.ts';
import { type AccountDeps, checkAccountCsrf, loadSignedIn } from './session.ts';

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

/**
 * The player's /account page: MFA status, enrolment, recovery codes, TOTP removal, passkeys (each factor
 * change behind a recent re-authentication, and told by mail), password change (counted by the sign-in limiter).
 */
export function accountRoutes(
  deps: AccountDeps & {
    audit: AuditLog;
    mfa: MfaService;
    commands: AccountCommands;
    passkeys?: PasskeyService | undefined;
    /** The sign-in limiter's counters, for every password checked here. */
    attempts: PasswordAttempts;
    /** Re-authentications of account sessions within the last few minutes. */
    recent: RecentReauth;
    notify?: FactorChangeNotifier | undefined;
  },
): Router {
  const router = new Router({ prefix: '/account' });
  const load = loadSignedIn(deps);
  const csrf = checkAccountCsrf(deps);
  // A refused factor change: the account page with the reason (or JSON for the passkey script).
  const onPage = (ctx: Context, refusal: ReauthRefusal) =>
    showAccount(deps, undefined, { text: reauthMessage(ctx, refusal) })(ctx);
  const asJson = (ctx: Context, refusal: ReauthRefusal) => {
    ctx.type = 'json';
    ctx.body = { error: reauthMessage(ctx, refusal) };
  };
  const reauth = (
    purpose: string,
    refuse: (ctx: Context, refusal: ReauthRefusal) => Promise<void> | void = onPage,
  ) => requireReauth(deps, purpose, refuse);
  router.get('/callback', finishAccountSignIn);
  router.get('/', load, showAccount(deps));
  router.post('/mfa/enrol', parseForm, load, csrf, reauth('totp.add'), beginEnrolment(deps));
  router.post('/mfa/confirm', parseForm, load, csrf, reauth('totp.add'), confirmEnrolment(deps));
  router.post(
    '/mfa/recovery-codes',
    parseForm,
    load,
    csrf,
    reauth('recovery_codes.regenerate'),
    regenerateCodes(deps),
  );
  router.post('/mfa/remove', parseForm, load, csrf, reauth('totp.remove'), removeTotp(deps));
  router.post('/password', parseForm, load, csrf, changePassword(deps));
  if (deps.passkeys) {
    const passkeyDeps = { ...deps, passkeys: deps.passkeys };
    router.post(
      '/passkeys/options',
      parseForm,
      load,
      csrf,
      reauth('passkey.add', asJson),
      passkeyRegistrationOptions(passkeyDeps),
    );
    router.post('/passkeys', parseForm, load, csrf, reauth('passkey.add'), addPasskey(passkeyDeps));
    router.post(
      '/passkeys/remove',
      parseForm,
      load,
      csrf,
      reauth('passkey.remove'),
      removePasskey(passkeyDeps),
    );
  }
  return router;
}
