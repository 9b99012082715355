import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { SessionCreated } from './session-listeners.ts';
import type { SessionEventData } from './session-stream.ts';

export interface SessionHooks {
  /** A session logged in (the interaction result carried a login). */
  onLogin(event: SessionCreated): Promise<void>;
  /** oidc-provider revoked a grant (revocation endpoint, end_session, or refresh token reuse). */
  onGrantRevoked(data: SessionEventData, reuse: boolean): Promise<void>;
  onError(err: unknown): void;
}

interface SavedSession {
  jti: string;
  uid?: string;
  accountId?: string;
  exp?: number;
}

/**
 * Turns oidc-provider's events into session lifecycle hooks. `session.saved` carries only the session;
 * the request it belongs to comes from the library's own request context (`Provider.ctx`).
 */
export function observeSessions(provider: Provider, hooks: SessionHooks): void {
  provider.on('session.saved', (session: SavedSession) => {
    if (!session.accountId) return;
    const ctx = Provider.ctx as KoaContextWithOIDC | undefined;
    const tasks: Promise<void>[] = [];
    const result = (ctx?.oidc as { result?: { login?: unknown } } | undefined)?.result;
    if (ctx?.oidc?.route === 'resume' && result?.login && session.uid) {
      tasks.push(
        hooks.onLogin({
          accountId: session.accountId,
          sessionUid: session.uid,
          clientId: ctx.oidc.client?.clientId,
        }),
      );
    }
    Promise.all(tasks).catch(hooks.onError);
  });
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    const entities = ctx?.oidc?.entities as {
      Grant?: { accountId?: string };
      Account?: { accountId?: string };
    };
    const accountId =
      entities?.Grant?.accountId ?? entities?.Account?.accountId ?? ctx?.oidc?.session?.accountId;
    const reuse = ctx?.oidc?.route === 'token';
    const data = { accountId, grantId, clientId: ctx?.oidc?.client?.clientId };
    hooks.onGrantRevoked(data, reuse).catch(hooks.onError);
  });
}
