import type Provider from 'oidc-provider';
import type { Config } from '../config.ts';
import { lifetimesFor } from '../sessions/timeouts.ts';
import type { ResponsibleGambling } from './responsible-gambling.ts';
import type { RgStore } from './rg-store.ts';

export interface RgStatusDeps {
  provider: () => Provider;
  config: Config;
  rg: ResponsibleGambling;
  store: Pick<RgStore, 'previousLogin'>;
  /** When the account's next reality check is due (epoch ms), if one is planned. */
  nextRealityCheck(accountId: string): Promise<number | undefined>;
}

import { limitsJson, epochSeconds as seconds } from './rg-json.ts';

/** The session's start and ends as the player API reports them (epoch seconds; null where unknown). */
export async function sessionTimes(
  deps: Pick<RgStatusDeps, 'provider' | 'config'>,
  sessionUid: string | undefined,
  clientId: string,
  limitMinutes: number | null,
) {
  const provider = deps.provider();
  const session = sessionUid
    ? ((await provider.Session.findByUid(sessionUid)) as { loginTs?: number; exp?: number } | undefined)
    : undefined;
  if (!session?.loginTs) return null;
  const client = await provider.Client.find(clientId);
  const { absolute } = lifetimesFor(deps.config, client as never);
  const absoluteAt = session.loginTs + absolute;
  const limitAt = limitMinutes ? session.loginTs + limitMinutes * 60 : null;
  const idleAt = Math.min(session.exp ?? absoluteAt, absoluteAt);
  return {
    started_at: session.loginTs,
    idle_expires_at: idleAt,
    absolute_expires_at: absoluteAt,
    time_limit_minutes: limitMinutes,
    ends_at: Math.min(idleAt, absoluteAt, limitAt ?? Number.POSITIVE_INFINITY),
  };
}

/** `GET /rg/status` body (DESIGN "Player API for casino apps"). */
export async function rgStatus(
  deps: RgStatusDeps,
  player: { accountId: string; sessionUid: string | undefined; clientId: string },
) {
  const [limits, restriction, previous, next] = await Promise.all([
    deps.rg.limits(player.accountId),
    deps.rg.activeRestriction(player.accountId),
    deps.store.previousLogin(player.accountId),
    deps.nextRealityCheck(player.accountId),
  ]);
  return {
    session: await sessionTimes(deps, player.sessionUid, player.clientId, limits.session_minutes),
    reality_check: {
      interval_minutes: limits.reality_check_minutes,
      next_at: limits.reality_check_minutes ? seconds(next) : null,
    },
    limits: limitsJson(limits, seconds),
    restriction:
      restriction && restriction.kind !== 'register'
        ? { kind: restriction.kind, until: seconds(restriction.endsAt) }
        : null,
    previous_login_at: seconds(previous),
  };
}
