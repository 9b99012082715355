import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import { InvalidInputError } from '../errors.ts';
import { corsPreflight } from './cors.ts';
import { EXCLUSION_PERIODS, isPeriod, PANIC_PERIOD, TIMEOUT_PERIODS } from './periods.ts';
import { playerApiErrors } from './player-api-errors.ts';
import { type PlayerToken, RG_SCOPE, requirePlayerToken } from './player-token.ts';
import type { ResponsibleGambling } from './responsible-gambling.ts';
import type { RgMetrics } from './rg-metrics.ts';
import { type RgStatusDeps, rgStatus } from './rg-status.ts';

export interface PlayerApiDeps extends RgStatusDeps {
  provider: () => Provider;
  rg: ResponsibleGambling;
  metrics: RgMetrics;
  log: Logger;
  /** The player acknowledged a reality check; resolves with the next one's time (epoch ms). */
  acknowledgeRealityCheck(accountId: string): Promise<number | undefined>;
}

const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: '4kb', encoding: 'utf-8' });
const player = (ctx: Context) => ctx.state.player as PlayerToken;
const body = (ctx: Context) => {
  const b = (ctx.request as { body?: unknown }).body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
};
const by = (ctx: Context) => ({ actor: player(ctx).accountId, surface: 'player_api' as const });

/** The player API for casino apps: `/rg/*` (DESIGN "Player API for casino apps"). */
export function playerApiRoutes(deps: PlayerApiDeps): Router {
  const read = requirePlayerToken(deps.provider);
  const change = requirePlayerToken(deps.provider, { scope: RG_SCOPE });
  const router = new Router();
  router.use(['/rg'], playerApiErrors(deps.log), corsPreflight);

  async function showStatus(ctx: Context) {
    ctx.body = await rgStatus(deps, player(ctx));
  }
  async function changeLimits(ctx: Context, next: () => Promise<unknown>) {
    await deps.rg.changeLimits(player(ctx).accountId, body(ctx), by(ctx));
    await next();
  }
  function restrictWith(kind: 'timeout' | 'self_exclusion', periods: readonly string[]) {
    return async function restrict(ctx: Context) {
      const period = body(ctx).period;
      if (!isPeriod(periods, period))
        throw new InvalidInputError('period', `must be one of ${periods.join(', ')}`);
      const { restriction, ended } = await deps.rg.restrict(
        player(ctx).accountId,
        kind,
        period as never,
        by(ctx),
      );
      ctx.body = {
        restriction: { kind, until: restriction.endsAt && Math.floor(restriction.endsAt.getTime() / 1000) },
        ended,
      };
    };
  }
  async function panic(ctx: Context) {
    // GlüStV § 6i(3): no confirmation step, no body needed; 24 hours.
    const { restriction, ended } = await deps.rg.restrict(
      player(ctx).accountId,
      'panic',
      PANIC_PERIOD,
      by(ctx),
    );
    ctx.body = {
      restriction: { kind: 'panic', until: Math.floor(restriction.endsAt!.getTime() / 1000) },
      ended,
    };
  }
  async function acknowledge(ctx: Context) {
    const next = await deps.acknowledgeRealityCheck(player(ctx).accountId);
    if (next !== undefined) deps.metrics.realityChecks.inc({ event: 'acknowledged' });
    ctx.body = { reality_check: { next_at: next === undefined ? null : Math.floor(next / 1000) } };
  }

  router.get('rg.status', '/rg/status', read, showStatus);
  router.put('rg.limits', '/rg/limits', change, parseJson, changeLimits, showStatus);
  router.post('rg.timeout', '/rg/timeout', change, parseJson, restrictWith('timeout', TIMEOUT_PERIODS));
  router.post(
    'rg.self_exclusion',
    '/rg/self-exclusion',
    change,
    parseJson,
    restrictWith('self_exclusion', EXCLUSION_PERIODS),
  );
  router.post('rg.panic', '/rg/panic', change, panic);
  router.post('rg.reality_check', '/rg/reality-check', change, acknowledge);
  return router;
}
