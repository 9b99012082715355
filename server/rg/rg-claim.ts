import type { FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import type { ResponsibleGambling } from './responsible-gambling.ts';
import { epochSeconds as seconds } from './rg-json.ts';
import type { RgStore } from './rg-store.ts';

/**
 * Adds the `rg` claim (scope `rg`) to what findAccount returns: the session's start, the limits in force and the
 * previous sign-in, so a first-party app can show elapsed time (UKGC RTS 13C) and the last login (N.J.A.C.).
 */
export function withRgClaim(
  base: FindAccount,
  deps: { rg: Pick<ResponsibleGambling, 'limits'>; store: Pick<RgStore, 'previousLogin'> },
): FindAccount {
  return async function findAccount(ctx, sub, token) {
    const account = await base(ctx, sub, token);
    if (!account) return account;
    return {
      ...account,
      async claims(use, scope, claims, rejected) {
        const out = await account.claims(use, scope, claims, rejected);
        if (
          !String(scope ?? '')
            .split(' ')
            .includes('rg')
        )
          return out;
        const uid = (token as { sessionUid?: string } | undefined)?.sessionUid;
        const provider = (ctx as KoaContextWithOIDC | undefined)?.oidc?.provider;
        const session = uid && provider ? await provider.Session.findByUid(uid) : undefined;
        const [limits, previous] = await Promise.all([deps.rg.limits(sub), deps.store.previousLogin(sub)]);
        return {
          ...out,
          rg: {
            session_started_at: (session as { loginTs?: number } | undefined)?.loginTs ?? null,
            time_limit_minutes: limits.session_minutes,
            reality_check_minutes: limits.reality_check_minutes,
            previous_login_at: seconds(previous),
          },
        };
      },
    };
  };
}
