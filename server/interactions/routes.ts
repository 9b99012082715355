import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { AppError } from '../errors.ts';
import type { LoginLimits } from '../http/rate-limits-config.ts';
import { abortInteraction, grantConsent, showConsent } from './consent.ts';
import { checkCsrf, type InteractionDeps, loadInteraction, requirePrompt, state } from './context.ts';
import { limitLogin } from './limit-login.ts';
import { authenticate, showLogin } from './login.ts';

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

/** Shows the page for whichever prompt the interaction is at. */
async function showPrompt(ctx: Context): Promise<void> {
  const { name } = state(ctx).interaction.prompt;
  if (name === 'login') return showLogin(ctx);
  if (name === 'consent') return showConsent(ctx);
  throw new AppError(`Unsupported sign-in step: ${name}`, { code: 'ERR_PROMPT', status: 400 });
}

/** Interaction routes: login -> consent, each a visible pipeline of named steps. */
export function interactionRoutes(
  deps: InteractionDeps & { accounts: AccountStore; audit: AuditLog; loginLimits?: LoginLimits | undefined },
): Router {
  const router = new Router({ prefix: '/interaction' });
  const load = loadInteraction(deps);
  const csrf = checkCsrf(deps);
  router.get('/:uid', load, showPrompt);
  router.post(
    '/:uid/login',
    parseForm,
    load,
    csrf,
    requirePrompt('login'),
    limitLogin(deps.loginLimits, deps.audit),
    authenticate(deps.accounts, deps.audit),
  );
  router.post('/:uid/confirm', parseForm, load, csrf, requirePrompt('consent'), grantConsent(deps.accounts));
  router.post('/:uid/abort', parseForm, load, csrf, abortInteraction);
  return router;
}
