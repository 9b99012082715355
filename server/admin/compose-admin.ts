import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditExport, AuditReader } from '../audit/audit-reader.ts';
import type { BrandStore } from '../brands/brand.ts';
import type { ClientStore } from '../clients/client-store.ts';
import type { Config } from '../config.ts';
import type { LoginLimits } from '../http/rate-limits-config.ts';
import type { LiveProvider } from '../keys/live-keys.ts';
import type { BackchannelLogout } from '../logout/backchannel-logout.ts';
import type { AccountLockout } from '../mfa/attempt-limiter.ts';
import type { MfaService } from '../mfa/mfa-service.ts';
import type { PasskeyAdmin } from '../passkeys/admin-passkeys.ts';
import type { ExpiringValues } from '../sessions/expiring-values.ts';
import type { GrantIndex } from '../sessions/grant-index.ts';
import type { SessionServices } from '../sessions/session-services.ts';
import { accountDetailReaders } from './account-detail.ts';
import { type AdminDeps, createAdminActions } from './actions.ts';
import { adminApiRoutes } from './api-routes.ts';
import { createBackchannelActions } from './backchannel-actions.ts';
import { createBrandActions } from './brand-actions.ts';
import { createLockouts } from './lockouts.ts';
import type { AccountSearch, DeliveryReader } from './ports.ts';
import { createRgAdminActions, type RgAdminDeps } from './rg-admin-actions.ts';
import { createSessionAdmin } from './session-admin.ts';
import { createStats, type StatsDeps } from './stats.ts';
import { ADMIN_CLIENT_ID, ensureAdminClient } from './ui/admin-client.ts';
import { adminUiRoutes, type UiDeps } from './ui/ui-routes.ts';

export interface AdminInput {
  config: Config;
  accounts: AccountStore;
  clients: ClientStore;
  /** Brands (the console's Brands page and /admin/api/brands). */
  brands: BrandStore;
  auditReader: AuditReader;
  audit: AuditLog;
  live: LiveProvider;
  cookieKeys: readonly string[];
  log: Logger;
  /** The console's server-side sessions. */
  uiValues: ExpiringValues;
  grantIndex: GrantIndex;
  /** Session index, terminator, account commands and the layered token store. */
  sessions: Pick<SessionServices, 'index' | 'terminator' | 'commands' | 'guardedStore' | 'versions'>;
  /** The back-channel logout outbox and dispatcher, for the /backchannel routes. */
  logout: Pick<BackchannelLogout, 'outbox' | 'dispatcher'>;
  /** The NDJSON audit export (a cursor on Postgres, keyset batches on PGlite). */
  auditExport: AuditExport;
  /** Operator reads from the store registry: search, dashboard figures, ending reports. */
  operator: {
    search: AccountSearch;
    auditFigures: StatsDeps['audit'];
    backchannelFigures: StatsDeps['backchannel'];
    deliveries: DeliveryReader;
  };
  /** MFA status and its account lockout (account detail, unlock). */
  mfa: Pick<MfaService, 'status'> & AccountLockout;
  /** The account's passkeys, listed in the account detail and on the player page. */
  passkeys: Pick<PasskeyAdmin, 'list'>;
  /** The sign-in limiter the login pages use (its per-account lockout is shown and cleared by unlock). */
  loginLimits: LoginLimits | undefined;
  /** Live sessions for the dashboard (the same source as the pitboss_active_sessions gauge). */
  activeSessions: () => Promise<number>;
  /** Responsible gambling: an admin's time-out and self-exclusion, and the state the API and console show. */
  rg: { restrict: RgAdminDeps['restrict']; summary: UiDeps['rgSummary'] };
  /** The player side's reset mail (POST /users/:id/password-reset). */
  sendPasswordReset: AdminDeps['sendPasswordReset'];
}

/** Wires the admin API and UI: ports -> actions -> routers. Returns the routers app.ts mounts. */
export async function createAdmin(input: AdminInput): Promise<Router[]> {
  const { sessions, grants } = createSessionAdmin({
    index: input.sessions.index,
    terminator: input.sessions.terminator,
    grantIndex: input.grantIndex,
    store: input.sessions.guardedStore,
  });
  await ensureAdminClient(input.clients, input.config.ISSUER, input.cookieKeys);
  const lockouts = createLockouts({ login: input.loginLimits, mfa: input.mfa });
  const { operator } = input;
  const actions = createAdminActions({
    accounts: input.accounts,
    clients: input.clients,
    sessions,
    grants,
    commands: input.sessions.commands,
    auditLog: input.audit,
    auditReader: input.auditReader,
    auditExport: input.auditExport,
    internalClients: new Set([ADMIN_CLIENT_ID]),
    search: operator.search,
    sections: accountDetailReaders({
      mfa: input.mfa,
      passkeys: input.passkeys,
      rg: input.rg.summary,
      lockouts,
      versions: input.sessions.versions,
      sessions,
    }),
    lockouts,
    deliveries: operator.deliveries,
    stats: createStats({
      audit: operator.auditFigures,
      backchannel: operator.backchannelFigures,
      activeSessions: input.activeSessions,
    }),
    sendPasswordReset: input.sendPasswordReset,
    brands: input.brands,
  });
  const provider = input.live.current;
  const backchannel = createBackchannelActions({
    outbox: input.logout.outbox,
    wake: input.logout.dispatcher.wake,
    deadlineSeconds: input.config.BACKCHANNEL_DEADLINE,
    auditLog: input.audit,
  });
  const brands = createBrandActions({ brands: input.brands, clients: input.clients, auditLog: input.audit });
  const rg = createRgAdminActions({
    accounts: input.accounts,
    restrict: input.rg.restrict,
    summary: input.rg.summary,
    reportEnding: actions.reportEnding,
    auditLog: input.audit,
  });
  const api = adminApiRoutes({
    provider,
    accounts: input.accounts,
    actions,
    backchannel,
    brands,
    rg,
    issuer: input.config.ISSUER,
    log: input.log,
  });
  const ui = adminUiRoutes({
    provider,
    accounts: input.accounts,
    actions,
    backchannel,
    brands,
    rgSummary: input.rg.summary,
    config: input.config,
    cookieKeys: input.cookieKeys,
    uiValues: input.uiValues,
    log: input.log,
  });
  return [api, ui];
}
