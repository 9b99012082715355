import Provider from 'oidc-provider';
import type { EndReason } from '../sessions/session-events.ts';
import { EndingNotAnnounced, type KnownGrant, type SessionTerminator } from '../sessions/terminate.ts';
import type { AdapterFactory, PitbossAdapter } from './token-store.ts';

interface TokenView {
  accountId?: string;
  clientId?: string;
  sid?: string;
  sessionUid?: string;
}

interface RequestView {
  oidc?: {
    route?: string;
    params?: { logout?: unknown };
    client?: { clientId?: string };
    entities?: { RefreshToken?: TokenView; AccessToken?: TokenView };
    session?: {
      accountId?: string;
      uid?: string;
      authorizations?: Record<string, { sid?: string; grantId?: string }>;
    };
  };
}

/** Why oidc-provider is deleting a grant in this request, and what it knows about it; undefined: not an ending. */
function grantEnding(ctx: RequestView | undefined, grantId: string): [EndReason, KnownGrant] | undefined {
  const oidc = ctx?.oidc;
  const token = oidc?.entities?.RefreshToken ?? oidc?.entities?.AccessToken;
  const fromToken: KnownGrant = {
    accountId: token?.accountId,
    clientId: token?.clientId ?? oidc?.client?.clientId,
    sid: token?.sid,
    sessionUid: token?.sessionUid,
  };
  switch (oidc?.route) {
    case 'token': // the refresh_token grant revokes the grant only when a consumed token is presented again
      return ['refresh_reuse', fromToken];
    case 'revocation':
      return ['revoked', fromToken];
    case 'end_session_confirm': {
      // "Log out of everything": the session's own end (below) revokes every grant and tells every RP once.
      if (oidc.params?.logout) return undefined;
      const session = oidc.session;
      const [clientId, authorization] =
        Object.entries(session?.authorizations ?? {}).find(([, a]) => a.grantId === grantId) ?? [];
      const known = {
        accountId: session?.accountId,
        clientId,
        sid: authorization?.sid,
        sessionUid: session?.uid,
      };
      return ['logout', known];
    }
    default:
      return undefined;
  }
}

/**
 * Layer 3 of the token store (token-store-layers.ts): where oidc-provider itself ends a session or grant
 * (RP-initiated logout, /token/revocation, refresh-token reuse), the deletion is handed to the terminator,
 * which also revokes the session's offline grants, audits `session.ended`, publishes it, counts it and queues
 * back-channel logout for every RP. Other deletions (session id regeneration, expiry) pass through.
 */
export function routeEndingsThroughTerminator(
  factory: AdapterFactory,
  terminator: SessionTerminator,
): AdapterFactory {
  return (model) => {
    const inner = factory(model);
    if (model !== 'Session' && model !== 'Grant') return inner;
    const destroy: PitbossAdapter['destroy'] = async (id) => {
      const ctx = Provider.ctx as RequestView | undefined;
      if (model === 'Session') {
        if (ctx?.oidc?.route === 'end_session_confirm') await terminator.endSession(id, 'logout');
        else await inner.destroy(id);
        return;
      }
      const ending = grantEnding(ctx, id);
      if (!ending) return inner.destroy(id);
      try {
        await terminator.revokeGrant(id, ending[0], undefined, ending[1]);
      } catch (err) {
        // The RP revoking its own token already knows; the revocation stands even if the outbox is down
        // (RFC 7009 answers 200 once the token is unusable). Every other ending reports the failure.
        if (!(ending[0] === 'revoked' && err instanceof EndingNotAnnounced)) throw err;
      }
    };
    return Object.assign(Object.create(inner), { destroy });
  };
}
