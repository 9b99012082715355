import type Router from '@koa/router';
import type { Cluster, Redis } from 'ioredis';
import type { Adapter } from 'oidc-provider';
import type { Logger } from 'pino';
import { createMemoryGrantIndex } from '../../adapters/memory/grant-index.ts';
import { createAccountSearch } from '../../adapters/postgres/account-search.ts';
import { createAuditFigures, createBackchannelFigures } from '../../adapters/postgres/admin-figures.ts';
import { createCursorAuditExport, createKeysetAuditExport } from '../../adapters/postgres/audit-export.ts';
import { createAuditReader } from '../../adapters/postgres/audit-reader.ts';
import { createClientAdmin } from '../../adapters/postgres/client-admin.ts';
import type { Database } from '../../adapters/postgres/database.ts';
import { createDeliveryReader } from '../../adapters/postgres/delivery-reader.ts';
import { createRedisGrantIndex } from '../../adapters/redis/grant-index.ts';
import type { AdapterFactory } from '../../adapters/types.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { type AnnounceClientChange, announcingClientAdmin } from '../clients/announce-changes.ts';
import type { ClientStore } from '../clients/client-store.ts';
import type { Config } from '../config.ts';
import type { LoginLimits } from '../http/rate-limits-config.ts';
import type { LiveProvider } from '../keys/live-keys.ts';
import type { BackchannelLogout } from '../logout/backchannel-logout.ts';
import { backchannelUriPolicy } from '../logout/backchannel-uri-policy.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { SessionServices } from '../sessions/session-services.ts';
import { accountDetailReaders } from './account-detail.ts';
import { createAdminActions } from './actions.ts';
import { adminApiRoutes } from './api-routes.ts';
import { createBackchannelActions } from './backchannel-actions.ts';
import { type GrantIndex, indexGrants } from './grant-index.ts';
import { createLockouts } from './lockouts.ts';
import { createSessionAdmin } from './session-admin.ts';
import { createStats } from './stats.ts';
import { ADMIN_CLIENT_ID, ensureAdminClient } from './ui/admin-client.ts';
import { adminUiRoutes } from './ui/ui-routes.ts';

/** The per-account grant index the admin lists and ends grants from (sessions use issue 5's index). */
export function createGrantIndex(redis: Redis | Cluster | undefined, prefix: string): GrantIndex {
  return redis ? createRedisGrantIndex(redis, { prefix }) : createMemoryGrantIndex();
}

/** Adds Grant indexing to the token store's adapter factory. */
export function withGrantIndex(store: AdapterFactory, index: GrantIndex): AdapterFactory {
  return indexGrants(store, index);
}

export interface AdminInput {
  config: Config;
  database: Database;
  redis: Redis | Cluster | undefined;
  accounts: AccountStore;
  clients: ClientStore;
  audit: AuditLog;
  live: LiveProvider;
  cookieKeys: readonly string[];
  log: Logger;
  /** The (fail-closed) adapter factory oidc-provider uses. */
  adapter: (name: string) => Adapter;
  grantIndex: GrantIndex;
  /** Issue 5's session index, terminator (audits, tells listeners) and versions (bump + cache). */
  sessions: Pick<SessionServices, 'index' | 'terminator' | 'versions'>;
  /** The back-channel logout outbox and dispatcher (issue 6), for the /backchannel routes. */
  logout: Pick<BackchannelLogout, 'outbox' | 'dispatcher'>;
  /** With Redis: tells every instance's client cache about a client update (server/clients/client-cache.ts). */
  announceClientChange?: AnnounceClientChange;
  onAnnounceError?: (err: unknown) => void;
  /** MFA status and the per-account wrong-code lockout (account detail, unlock). */
  mfa: MfaService;
  /** The sign-in limiter (its per-account lockout is shown and cleared by unlock). */
  loginLimits: LoginLimits | undefined;
  /** Live sessions for the dashboard (the same source as the pitboss_active_sessions gauge). */
  activeSessions: () => Promise<number>;
}

/** Wires the admin API and UI: ports -> actions -> routers. Returns the routers app.ts mounts. */
export async function createAdmin(input: AdminInput): Promise<Router[]> {
  const { sessions, grants } = createSessionAdmin({
    index: input.sessions.index,
    terminator: input.sessions.terminator,
    grantIndex: input.grantIndex,
    store: input.adapter as unknown as AdapterFactory,
  });
  const baseClientAdmin = createClientAdmin(input.database.pool, backchannelUriPolicy(input.config));
  const clientAdmin = input.announceClientChange
    ? announcingClientAdmin(baseClientAdmin, input.announceClientChange, input.onAnnounceError)
    : baseClientAdmin;
  await ensureAdminClient(clientAdmin, input.config.ISSUER, input.cookieKeys);
  const { pool } = input.database;
  const lockouts = createLockouts({ login: input.loginLimits, mfa: input.mfa });
  const actions = createAdminActions({
    accounts: input.accounts,
    clients: input.clients,
    clientAdmin,
    sessions,
    grants,
    versions: input.sessions.versions,
    auditLog: input.audit,
    auditReader: createAuditReader(pool),
    // Embedded PGlite has one backend: a cursor's open transaction would hold it for the whole export.
    auditExport: input.database.embedded ? createKeysetAuditExport(pool) : createCursorAuditExport(pool),
    internalClients: new Set([ADMIN_CLIENT_ID]),
    search: createAccountSearch(pool),
    sections: accountDetailReaders({
      mfa: input.mfa,
      lockouts,
      versions: input.sessions.versions,
      sessions,
    }),
    lockouts,
    deliveries: createDeliveryReader(pool),
    stats: createStats({
      audit: createAuditFigures(pool),
      backchannel: createBackchannelFigures(pool),
      activeSessions: input.activeSessions,
    }),
  });
  const provider = input.live.current;
  const backchannel = createBackchannelActions({
    outbox: input.logout.outbox,
    wake: input.logout.dispatcher.wake,
    deadlineSeconds: input.config.BACKCHANNEL_DEADLINE,
    auditLog: input.audit,
  });
  const api = adminApiRoutes({
    provider,
    accounts: input.accounts,
    actions,
    backchannel,
    issuer: input.config.ISSUER,
    log: input.log,
  });
  const ui = adminUiRoutes({
    provider,
    accounts: input.accounts,
    actions,
    backchannel,
    config: input.config,
    cookieKeys: input.cookieKeys,
    redis: input.redis,
    log: input.log,
  });
  return [api, ui];
}
