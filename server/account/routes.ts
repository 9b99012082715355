import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { AccountCommands } from '../accounts/account-commands.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { PasskeyService } from '../passkeys/passkey-service.ts';
import { finishAccountSignIn } from './account-sign-in.ts';
import { beginEnrolment, confirmEnrolment, regenerateCodes, removeTotp, showAccount } from './mfa-actions.ts';
import { addPasskey, passkeyRegistrationOptions, removePasskey } from './passkey-actions.ts';
import { changePassword } from './password.ts';
import { type AccountDeps, checkAccountCsrf, loadSignedIn } from './session.ts';

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

/**
 * The player's /account page: MFA status, enrolment, recovery codes, TOTP removal, passkeys (added and
 * removed after re-authentication), password change.
 */
export function accountRoutes(
  deps: AccountDeps & {
    audit: AuditLog;
    mfa: MfaService;
    commands: AccountCommands;
    passkeys?: PasskeyService | undefined;
  },
): Router {
  const router = new Router({ prefix: '/account' });
  const load = loadSignedIn(deps);
  const csrf = checkAccountCsrf(deps);
  router.get('/callback', finishAccountSignIn);
  router.get('/', load, showAccount(deps));
  router.post('/mfa/enrol', parseForm, load, csrf, beginEnrolment(deps));
  router.post('/mfa/confirm', parseForm, load, csrf, confirmEnrolment(deps));
  router.post('/mfa/recovery-codes', parseForm, load, csrf, regenerateCodes(deps));
  router.post('/mfa/remove', parseForm, load, csrf, removeTotp(deps));
  router.post('/password', parseForm, load, csrf, changePassword(deps));
  if (deps.passkeys) {
    const passkeyDeps = { ...deps, passkeys: deps.passkeys };
    router.post('/passkeys/options', parseForm, load, csrf, passkeyRegistrationOptions(passkeyDeps));
    router.post('/passkeys', parseForm, load, csrf, addPasskey(passkeyDeps));
    router.post('/passkeys/remove', parseForm, load, csrf, removePasskey(passkeyDeps));
  }
  return router;
}
