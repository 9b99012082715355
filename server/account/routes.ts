import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { AccountCommands } from '../accounts/account-commands.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import { finishAccountSignIn } from './account-sign-in.ts';
import { beginEnrolment, confirmEnrolment, regenerateCodes, removeTotp, showAccount } from './mfa-actions.ts';
import { changePassword } from './password.ts';
import { type AccountDeps, checkAccountCsrf, loadSignedIn } from './session.ts';

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

/** The player's /account page: MFA status, enrolment, recovery codes, TOTP removal, password change. */
export function accountRoutes(
  deps: AccountDeps & { audit: AuditLog; mfa: MfaService; commands: AccountCommands },
): Router {
  const router = new Router({ prefix: '/account' });
  const load = loadSignedIn(deps);
  const csrf = checkAccountCsrf(deps);
  router.get('/callback', finishAccountSignIn);
  router.get('/', load, showAccount(deps.mfa));
  router.post('/mfa/enrol', parseForm, load, csrf, beginEnrolment(deps.mfa));
  router.post('/mfa/confirm', parseForm, load, csrf, confirmEnrolment(deps.mfa));
  router.post('/mfa/recovery-codes', parseForm, load, csrf, regenerateCodes(deps.mfa));
  router.post('/mfa/remove', parseForm, load, csrf, removeTotp(deps.mfa));
  router.post('/password', parseForm, load, csrf, changePassword(deps));
  return router;
}
