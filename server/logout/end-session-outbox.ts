import type Provider from 'oidc-provider';
import type { Logger } from 'pino';

/**
 * oidc-provider's own back-channel logout (one POST from end_session, never retried) is switched off here:
 * end_session's deletions reach the SessionTerminator through the token store's endings layer
 * (server/provider/endings-layer.ts), which queues one durable delivery per RP of the session (stable jti,
 * retried by the dispatcher) before the logout is answered. `features.backchannelLogout` stays enabled for
 * discovery and client metadata; the library's 'backchannel.success' now means "left to the terminator".
 * Returns the provider for chaining in the composition root.
 */
export function routeEndSessionThroughOutbox(provider: Provider, log?: Pick<Logger, 'warn'>): Provider {
  provider.Client.prototype.backchannelLogout = async function leaveToTerminator() {} as never;
  provider.on('backchannel.error', (_ctx: unknown, err: Error, client: { clientId: string }) => {
    log?.warn({ err: err.message, clientId: client?.clientId }, 'back-channel logout hook failed');
  });
  return provider;
}
