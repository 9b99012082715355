import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { SessionEndedListener } from '../sessions/session-events.ts';

/**
 * Routes oidc-provider's own back-channel logout (sent once from end_session, never retried) through the
 * outbox. end_session calls `client.backchannelLogout(accountId, sid)` for each RP of the session that has a
 * backchannel_logout_uri and awaits it before destroying the session and redirecting; replacing that method on
 * this provider's Client subclass (not globally) makes it enqueue instead of POST. So each RP gets exactly one
 * logical delivery (the outbox's, with a stable jti), the row is committed before the logout is answered, and
 * `features.backchannelLogout` stays enabled for discovery and client metadata. The library then emits
 * 'backchannel.success' meaning "enqueued", or 'backchannel.error' when enqueueing failed.
 * Returns the provider for chaining in the composition root.
 */
export function routeEndSessionThroughOutbox(
  provider: Provider,
  listener: SessionEndedListener,
  log?: Pick<Logger, 'warn'>,
): Provider {
  provider.Client.prototype.backchannelLogout = async function enqueueBackchannelLogout(
    this: { clientId: string },
    sub: string,
    sid: string | undefined,
  ) {
    await listener({ accountId: sub, participants: [{ clientId: this.clientId, sid }], reason: 'logout' });
  } as never;
  provider.on('backchannel.error', (_ctx: unknown, err: Error, client: { clientId: string }) => {
    log?.warn({ err: err.message, clientId: client?.clientId }, 'back-channel logout could not be enqueued');
  });
  return provider;
}
