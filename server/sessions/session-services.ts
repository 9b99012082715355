import type Provider from 'oidc-provider';
import type { Adapter, FindAccount } from 'oidc-provider';
import {
  type AccountCommandDeps,
  type AccountCommands,
  createAccountCommands,
} from '../accounts/account-commands.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import type { MfaStore } from '../mfa/mfa-store.ts';
import type { AdapterFactory } from '../provider/token-store.ts';
import { layerTokenStore } from '../provider/token-store-layers.ts';
import { cacheAccountsByVersion, currentPerRequest } from './account-cache.ts';
import { installAtomicConsume } from './atomic-consume.ts';
import type { ExpiringValues } from './expiring-values.ts';
import type { GrantIndex } from './grant-index.ts';
import { createRefreshReuse } from './refresh-reuse.ts';
import { createSealer } from './seal.ts';
import { withSelfExclusion } from './self-exclusion.ts';
import { enforceSessionCap } from './session-cap.ts';
import type { SessionEndedListener } from './session-events.ts';
import { withSessionChecks } from './session-find-account.ts';
import type { SessionIndex } from './session-index.ts';
import { createSessionRestamp } from './session-restamp.ts';
import type { SessionStateStore } from './session-state.ts';
import { sessionStatusRoutes } from './session-status.ts';
import { createSessionVersions } from './session-versions.ts';
import { createSessionTerminator } from './terminate.ts';

export interface SessionServicesInput {
  config: Config;
  cookieKeys: readonly string[];
  audit: AuditLog;
  accounts: AccountStore;
  states: SessionStateStore;
  mfa: Pick<MfaStore, 'removeTotp'>;
  /** Passkeys and remembered browsers, for the passkey and MFA-reset commands. */
  passkeys: AccountCommandDeps['passkeys'];
  devices: AccountCommandDeps['devices'];
  /** Responsible-gambling restrictions (the account commands record them there). */
  restrictions: AccountCommandDeps['restrictions'];
  /** From the store registry: oidc-provider's record store, the indexes and expiring values. */
  tokenStore: AdapterFactory;
  index: SessionIndex;
  grantIndex: GrantIndex;
  values: (namespace: string) => ExpiringValues;
  /** `memory`: the version cache cannot hear other processes, so it is kept short. */
  sessionStore: 'shared' | 'memory';
  /** The Client model's adapter (the client cache). */
  clients: Adapter;
  /** Told about every ended session or revoked grant (back-channel logout, event stream, metrics, ...). */
  listeners?: SessionEndedListener[];
  /** Drops an ended session from the expiry schedule. */
  forgetExpiry?: ((sessionUid: string) => Promise<void>) | undefined;
  /** What the player is told after an account command (the password-changed mail). */
  tell?: AccountCommandDeps['tell'];
}

/** Version cache lifetime: Redis is rewritten on every bump; memory is also refreshed by the end-request poller. */
const VERSION_CACHE_TTL_MS = { shared: 10 * 60_000, memory: 5_000 };
/** Resolved accounts reused per session version (shared store only: its version cache every bump rewrites). */
const ACCOUNT_CACHE = { ttlMs: 60_000, max: 10_000 };

/** Builds the session and token-lifecycle services for one instance. */
export function createSessionServices(input: SessionServicesInput) {
  const { config } = input;
  const reuse = createRefreshReuse({
    windowSeconds: config.REFRESH_REUSE_WINDOW,
    successors: input.values('succ'),
    sealer: createSealer(input.cookieKeys[0]!, 'pitboss refresh successor'),
    audit: input.audit,
  });
  const versions = createSessionVersions({
    states: input.states,
    cache: input.values('ver'),
    cacheTtlMs: VERSION_CACHE_TTL_MS[input.sessionStore],
  });
  const requestVersions = { ...versions, current: currentPerRequest(versions) };
  const index = input.index;
  const listeners = [...(input.listeners ?? [])];
  const layers = layerTokenStore({
    store: input.tokenStore,
    sessionIndex: {
      index,
      retainMs: config.SESSION_ABSOLUTE_TTL * 1000,
      ...(config.MAX_SESSIONS_PER_ACCOUNT && {
        onRecorded: enforceSessionCap({
          index,
          terminator: () => layers.terminator,
          max: config.MAX_SESSIONS_PER_ACCOUNT,
        }),
      }),
    },
    versions: requestVersions,
    sessionAbsoluteSeconds: config.SESSION_ABSOLUTE_TTL,
    grantIndex: input.grantIndex,
    terminator: (store) =>
      createSessionTerminator({
        store,
        index,
        grantIndex: input.grantIndex,
        audit: input.audit,
        listeners,
        forgetExpiry: input.forgetExpiry,
      }),
    clients: input.clients,
  });
  const { terminator } = layers;
  const commands: AccountCommands = createAccountCommands({
    accounts: input.accounts,
    states: input.states,
    versions,
    endings: terminator,
    audit: input.audit,
    mfa: input.mfa,
    passkeys: input.passkeys,
    devices: input.devices,
    restrictions: input.restrictions,
    keepSession: createSessionRestamp(layers.beneathGuard),
    tell: input.tell,
  });

  return {
    versions,
    index,
    terminator,
    /** The one path for account changes (server/accounts/account-commands.ts). */
    commands,
    /** The token store oidc-provider uses (server/provider/token-store-layers.ts). */
    adapter: layers.provider,
    /** The layered store without fail-closed, for reading records the way oidc-provider sees them. */
    guardedStore: layers.guarded,
    /** The AccountStore for the login pages: refuses self-excluded players with a clear message. */
    loginAccounts: withSelfExclusion(input.accounts, {
      states: input.states,
      lift: (accountId) => commands.liftExpiredRestriction(accountId),
    }),
    /** Subscribes a listener to ended sessions and revoked grants. */
    addListener(listener: SessionEndedListener): void {
      listeners.push(listener);
    },
    /** findAccount with the session checks that need the presented token. */
    findAccount: (base: FindAccount): FindAccount =>
      withSessionChecks(
        input.sessionStore === 'shared'
          ? cacheAccountsByVersion(base, requestVersions.current, ACCOUNT_CACHE)
          : base,
        { reuse },
      ),
    /** Hooks a freshly built provider (called again on every key-rotation rebuild). */
    install(provider: Provider): Provider {
      installAtomicConsume(provider);
      provider.use(reuse.middleware as never);
      provider.use(sessionStatusRoutes({ config, versions, provider }) as never);
      return provider;
    },
  };
}

export type SessionServices = ReturnType<typeof createSessionServices>;
