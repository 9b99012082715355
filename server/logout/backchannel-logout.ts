import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ClientStore } from '../clients/client-store.ts';
import type { KeyStore } from '../keys/key-store.ts';
import type { SessionEnded, SessionEndedListener } from '../sessions/session-events.ts';
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

/** Wires outbox, signer, dispatcher, listener, metrics and the expiry sweeper. */
export function createBackchannelLogout(deps: {
  outbox: LogoutOutbox;
  clients: Pick<ClientStore, 'findMetadata'>;
  keys: KeyStore;
  audit: AuditLog;
  log: Logger;
  registry: Registry;
  issuer: string;
  deadlineSeconds: number;
  /** The session-expiry schedule (Redis or memory) the sweeper reads; tracked on every session save. */
  expiry?: SessionExpirySource | undefined;
  /** Ends what the sweeper found due: the SessionTerminator's endScheduled (late-bound by the composition root). */
  endExpired?: ((event: SessionEnded) => Promise<unknown>) | undefined;
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
  const expiry = deps.expiry;
  const endExpired = deps.endExpired ?? listener;
  const sweeper =
    expiry &&
    createExpirySweeper({
      source: expiry,
      log: deps.log,
      async listener(event) {
        await endExpired(event);
      },
    });

  return {
    outbox: deps.outbox,
    listener,
    dispatcher,
    sweeper,
    install(built) {
      routeEndSessionThroughOutbox(built, deps.log);
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
