import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { restrictedMessage, rgSection } from '../../views/account-rg.ts';
import { layout } from '../../views/layout.ts';
import { type AccountDeps, checkAccountCsrf, field, loadSignedIn, signedIn } from '../account/session.ts';
import { InvalidInputError } from '../errors.ts';
import {
  EXCLUSION_PERIODS,
  isPeriod,
  PANIC_PERIOD,
  type RestrictionPeriod,
  TIMEOUT_PERIODS,
} from './periods.ts';
import type { ResponsibleGambling } from './responsible-gambling.ts';
import type { RgStore } from './rg-store.ts';

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '4kb', encoding: 'utf-8' });

/**
 * The Responsible gambling section of /account and its forms (surface `account`). GET /account gets the
 * section through ctx.state.accountSections (the account page renders whatever sections it is given).
 */
export function accountRgRoutes(
  deps: AccountDeps & {
    rg: ResponsibleGambling;
    store: Pick<RgStore, 'previousLogin'>;
    coolingOffSeconds: number;
  },
): Router {
  const router = new Router({ prefix: '/account' });
  const load = loadSignedIn(deps);
  const csrf = checkAccountCsrf(deps);
  const by = (ctx: Context) => ({ actor: signedIn(ctx).account.id, surface: 'account' as const });

  async function addSection(ctx: Context, next: Next) {
    const { account, csrf: token, ui } = signedIn(ctx);
    const [limits, previous] = await Promise.all([
      deps.rg.limits(account.id),
      deps.store.previousLogin(account.id),
    ]);
    ctx.state.accountSections = [
      ...((ctx.state.accountSections as unknown[]) ?? []),
      rgSection(ui, {
        csrf: token,
        sessionMinutes: limits.session_minutes,
        realityCheckMinutes: limits.reality_check_minutes,
        pending: limits.pending,
        coolingOffHours: Math.round((deps.coolingOffSeconds / 3600) * 10) / 10,
        previousLoginAt: previous,
      }),
    ];
    await next();
  }
  async function saveLimits(ctx: Context) {
    const { account } = signedIn(ctx);
    const current = await deps.rg.limits(account.id);
    const input: Record<string, number | null> = {};
    for (const name of ['session_minutes', 'reality_check_minutes'] as const) {
      const raw = field(ctx, name, 8).trim();
      const value = raw === '' ? null : Number(raw);
      if (value !== null && !/^\d+$/.test(raw))
        throw new InvalidInputError(name, 'must be a whole number of minutes');
      // Only what the player changed: resubmitting an unchanged field must not withdraw its pending change.
      if (value !== current[name]) input[name] = value;
    }
    if (Object.keys(input).length) await deps.rg.changeLimits(account.id, input, by(ctx));
    ctx.redirect('/account#responsible-gambling');
  }
  function restrict(kind: 'timeout' | 'self_exclusion' | 'panic', periods: readonly string[]) {
    return async function restrict(ctx: Context) {
      const period = kind === 'panic' ? PANIC_PERIOD : field(ctx, 'period', 16);
      if (!isPeriod(periods, period))
        throw new InvalidInputError('period', `must be one of ${periods.join(', ')}`);
      const { restriction } = await deps.rg.restrict(
        signedIn(ctx).account.id,
        kind,
        period as RestrictionPeriod,
        by(ctx),
      );
      const { ui } = signedIn(ctx);
      ctx.type = 'html';
      ctx.body = layout(ui, {
        title: ui.t('rg.signedOut.title'),
        body: restrictedMessage(ui, restriction.endsAt),
      });
    };
  }

  router.get('/', load, addSection);
  router.post('/rg/limits', parseForm, load, csrf, saveLimits);
  router.post('/rg/timeout', parseForm, load, csrf, restrict('timeout', TIMEOUT_PERIODS));
  router.post('/rg/self-exclusion', parseForm, load, csrf, restrict('self_exclusion', EXCLUSION_PERIODS));
  // The panic button (GlüStV § 6i(3)): one click, no confirmation step, 24 hours.
  router.post('/rg/panic', parseForm, load, csrf, restrict('panic', [PANIC_PERIOD]));
  return router;
}
