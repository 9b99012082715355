import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ClientStore } from '../clients/client-store.ts';
import type { KeyStore } from '../keys/key-store.ts';
import type { SessionEndedListener } from '../sessions/session-events.ts';
import { createBackchannelLogoutListener } from './backchannel-listener.ts';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import { routeEndSessionThroughOutbox } from './end-session-outbox.ts';
import { createExpirySweeper, type ExpirySweeper, type SessionExpirySource } from './expiry-sweeper.ts';
import { createLogoutTokenSigner } from './logout-token.ts';
import { registerLogoutMetrics } from './metrics.ts';
import type { LogoutOutbox } from './outbox.ts';

/** The back-channel logout capability as the composition root sees it. */
export interface BackchannelLogout {
  outbox: LogoutOutbox;
  /** Enqueue-on-SessionEnded; give it to every session terminator. */
  listener: SessionEndedListener;
  dispatcher: Dispatcher;
  sweeper: ExpirySweeper | undefined;
  /** Hooks a (re)built provider: end_session via the outbox, session expiry tracking. */
  install(provider: Provider): Provider;
  start(): void;
  stop(): Promise<void>;
}

/** Wires outbox, signer, dispatcher, listener, metrics and (with a source) the expiry sweeper. */
export function createBackchannelLogout(deps: {
  outbox: LogoutOutbox;
  clients: Pick<ClientStore, 'findMetadata'>;
  keys: KeyStore;
  audit: AuditLog;
  log: Logger;
  registry: Registry;
  issuer: string;
  deadlineSeconds: number;
  /** Unset (memory store): no expiry sweeping. */
  expiry?: SessionExpirySource | undefined;
  dispatcher?: Partial<DispatcherOptions>;
}): BackchannelLogout {
  const metrics = registerLogoutMetrics(deps.registry, () => deps.outbox.stats());
  const dispatcher = createDispatcher({
    outbox: deps.outbox,
    clients: deps.clients,
    signer: createLogoutTokenSigner({ keys: deps.keys, issuer: deps.issuer }),
    audit: deps.audit,
    log: deps.log,
    metrics,
    ...deps.dispatcher,
  });
  const listener = createBackchannelLogoutListener({
    outbox: deps.outbox,
    clients: deps.clients,
    deadlineSeconds: deps.deadlineSeconds,
    wake: dispatcher.wake,
  });
  let provider: Provider | undefined;
  const expiry = deps.expiry;
  const sweeper =
    expiry &&
    createExpirySweeper({
      source: expiry,
      log: deps.log,
      async listener(event) {
        // An idle session's record may still be alive (its TTL is the absolute lifetime): end it for real.
        if (event.sessionId) await provider?.Session.adapter.destroy(event.sessionId);
        await listener(event);
      },
    });

  return {
    outbox: deps.outbox,
    listener,
    dispatcher,
    sweeper,
    install(built) {
      provider = built;
      routeEndSessionThroughOutbox(built, listener, deps.log);
      if (expiry) {
        const warn = (err: unknown) => deps.log.warn({ err }, 'session expiry tracking failed');
        built.on('session.saved', (session) => {
          expiry.track(session as never).catch(warn);
        });
        built.on('session.destroyed', (session) => {
          expiry.forget(session as never).catch(warn);
        });
      }
      return built;
    },
    start() {
      dispatcher.start();
      sweeper?.start();
    },
    async stop() {
      await sweeper?.stop();
      await dispatcher.stop();
    },
  };
}
