import type { AccountCommands, CommandActor } from '../accounts/account-commands.ts';
import type { Account, AccountStore } from '../accounts/account-store.ts';
import { OPERATOR_ROLES } from '../accounts/operator-roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditExport, AuditFilter, AuditQuery, AuditReader } from '../audit/audit-reader.ts';
import type { BrandStore } from '../brands/brand.ts';
import type { ClientStore, NewClient } from '../clients/client-store.ts';
import { AppError, ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { Delivery } from '../logout/outbox.ts';
import { readSections, type SectionReaders } from './account-detail.ts';
import type { Lockouts } from './lockouts.ts';
import type {
  AccountSearch,
  AdminActor,
  AdminGrants,
  AdminSessions,
  ClientPatch,
  DeliveryReader,
  EndCounts,
  LogoutReport,
  Page,
} from './ports.ts';
import { windowOf } from './ports.ts';
import { recordAdminAction } from './record-action.ts';
import type { Stats } from './stats.ts';

export interface AdminDeps {
  accounts: AccountStore;
  clients: ClientStore;
  sessions: AdminSessions;
  grants: AdminGrants;
  /** Account changes go through the one command path (bump, cache, endings, audit). */
  commands: AccountCommands;
  auditLog: AuditLog;
  auditReader: AuditReader;
  auditExport: AuditExport;
  /** Clients Pitboss itself depends on (the admin UI's); not editable through the API. */
  internalClients: ReadonlySet<string>;
  search: AccountSearch;
  sections: SectionReaders;
  lockouts: Lockouts;
  deliveries: DeliveryReader;
  stats: () => Promise<Stats>;
  /** A client's brand must exist (its pages would silently show the platform look otherwise). */
  brands: Pick<BrandStore, 'find'>;
  /** Mails the account a password reset link (the player side's); resolves with when the link expires. */
  sendPasswordReset: (account: Pick<Account, 'id' | 'email' | 'locale'>) => Promise<Date>;
}

/** What an ending answers: the counts, and each RP told with its back-channel delivery state. */
export type Ended = EndCounts & { logouts: LogoutReport[] };

/** An outbox row as an ending's answer shows it (failing: still retried after an error). */
export function logoutState(d: Pick<Delivery, 'status' | 'lastError'>): LogoutReport['status'] {
  if (d.status === 'pending') return d.lastError ? 'failing' : 'queued';
  return d.status;
}

/** The account as the admin API shows it (no hashes, no session_version). */
export function accountView(a: Account) {
  return {
    id: a.id,
    email: a.email,
    roles: [...a.roles],
    status: a.status,
    emailVerified: a.emailVerified,
    createdAt: a.createdAt.toISOString(),
  };
}

/** Every admin operation, shared by the API and the web UI; each change is audited with the admin's identity. */
export function createAdminActions(deps: AdminDeps) {
  /** Every operator action is one `admin.action` row (record-action.ts). */
  const record = (
    actor: AdminActor,
    action: string,
    target: string,
    accountId?: string,
    extra: Record<string, unknown> = {},
  ) => recordAdminAction(deps.auditLog, actor, action, target, { accountId }, extra);
  const clientName = async (clientId: string) => {
    const name = (await deps.clients.findMetadata(clientId).catch(() => undefined))?.client_name;
    return typeof name === 'string' ? name : null;
  };
  /** The RPs told of what `work` ended for the account, read back from the outbox. */
  const reportLogouts = async (deliveries: Delivery[]): Promise<LogoutReport[]> =>
    Promise.all(
      deliveries.map(async (d) => ({
        clientId: d.clientId,
        clientName: await clientName(d.clientId),
        deliveryId: d.id,
        status: logoutState(d),
        lastError: d.lastError,
      })),
    );
  const ending = async (accountId: string, work: () => Promise<EndCounts>): Promise<Ended> => {
    const mark = await deps.deliveries.mark();
    const counts = await work();
    const logouts = await reportLogouts(await deps.deliveries.forAccountAfter(accountId, mark));
    return { sessions: counts.sessions, grants: counts.grants, logouts };
  };
  /** An account command, with what it ended reported like any other ending. */
  const command = async (accountId: string, work: () => Promise<{ account: Account; ended: EndCounts }>) => {
    let updated: Account | undefined;
    const ended = await ending(accountId, async () => {
      const result = await work();
      updated = result.account;
      return result.ended;
    });
    return { account: updated!, ended };
  };
  const brandExists = async (brandId: string | null | undefined) => {
    if (brandId && !(await deps.brands.find(brandId)))
      throw new InvalidInputError('brandId', 'no such brand');
  };
  const account = async (id: string) => {
    const found = await deps.accounts.findById(id);
    if (!found) throw new NotFoundError('account');
    return found;
  };
  const guardInternal = (clientId: string) => {
    if (deps.internalClients.has(clientId)) {
      throw new AppError('this client is managed by Pitboss itself', {
        code: 'ERR_INTERNAL_CLIENT',
        status: 409,
      });
    }
  };

  return {
    async findUserByEmail(email: string) {
      const found = await deps.accounts.findByEmail(email);
      if (!found) throw new NotFoundError('account');
      return accountView(found);
    },
    async getUser(id: string) {
      const found = await account(id);
      const user = { ...accountView(found), email_verified: found.emailVerified };
      return { user, ...(await readSections(deps.sections, found)) };
    },
    searchUsers: (q: string, page: Page) => deps.search.search(q, page),
    /** Runs an ending and reports it with each RP's back-channel delivery (rg-admin-actions.ts uses it). */
    reportEnding: ending,
    stats: () => deps.stats(),
    /** Outbox rows by id with their state now (the console's result page re-reads them). */
    async logouts(ids: readonly string[]) {
      return reportLogouts(await deps.deliveries.byIds(ids));
    },
    async listSessions(id: string, page: Page) {
      await account(id);
      return deps.sessions.listForAccount(id, page);
    },
    async listGrants(id: string, page: Page) {
      await account(id);
      return deps.grants.listForAccount(id, page);
    },
    async endAllSessions(actor: AdminActor, id: string): Promise<Ended> {
      await account(id);
      const ended = await ending(id, () => deps.sessions.endAllForAccount(id, actor));
      await record(actor, 'sessions.end_all', id, id, { ended: counts(ended) });
      return ended;
    },
    async endSession(actor: AdminActor, sid: string): Promise<Ended & { accountId: string }> {
      const session = await deps.sessions.find(sid);
      if (!session) throw new NotFoundError('session');
      const ended = await ending(session.accountId, async () => {
        const done = await deps.sessions.endSession(sid, actor);
        if (!done) throw new NotFoundError('session');
        return done;
      });
      await record(actor, 'session.end', sid, session.accountId, { ended: counts(ended) });
      return { ...ended, accountId: session.accountId };
    },
    async revokeGrant(actor: AdminActor, grantId: string): Promise<Ended & { accountId: string }> {
      const mark = await deps.deliveries.mark();
      const revoked = await deps.grants.revoke(grantId, actor);
      if (!revoked) throw new NotFoundError('grant');
      const { accountId } = revoked;
      const logouts = await reportLogouts(await deps.deliveries.forAccountAfter(accountId, mark));
      const ended = { sessions: revoked.sessions, grants: revoked.grants, logouts };
      await record(actor, 'grant.revoke', grantId, accountId, { ended: counts(ended) });
      return { ...ended, accountId };
    },
    async disableUser(actor: AdminActor, id: string, status: 'disabled' | 'self_excluded') {
      await account(id);
      const by = commandActor(actor);
      const { account: updated, ended } = await command(id, () =>
        status === 'disabled'
          ? deps.commands.disable(id, by)
          : deps.commands.restrict(id, { kind: 'self_exclusion', until: null }, by),
      );
      await record(actor, status === 'disabled' ? 'account.disable' : 'account.self_exclude', id, id, {
        ended: counts(ended),
      });
      return { user: accountView(updated), ended };
    },
    /** Enables a disabled account (only): a time-out, self-exclusion or panic is never lifted (409). */
    async enableUser(actor: AdminActor, id: string) {
      await account(id);
      // The account command refuses (409) anything but a disabled account.
      const { account: updated } = await deps.commands.enable(id, commandActor(actor));
      await record(actor, 'account.enable', id, id);
      return { user: accountView(updated) };
    },
    /** Removes every second factor; every session and grant ends (RPs told). */
    async resetMfa(actor: AdminActor, id: string) {
      await account(id);
      const { account: updated, ended } = await command(id, () =>
        deps.commands.resetMfa(id, commandActor(actor)),
      );
      await record(actor, 'account.mfa_reset', id, id, { ended: counts(ended) });
      return { user: accountView(updated), ended };
    },
    /** Sets the operator role (admin, support, or none); other roles stay. Bumps the session version. */
    async setRole(actor: AdminActor, id: string, role: 'admin' | 'support' | 'none') {
      const found = await account(id);
      const others = found.roles.filter((r) => !(OPERATOR_ROLES as readonly string[]).includes(r));
      const roles = role === 'none' ? others : [...others, role];
      const { account: updated, ended } = await command(id, () =>
        deps.commands.setRoles(id, roles, commandActor(actor)),
      );
      await record(actor, 'account.role', id, id, { role, before: found.roles, ended: counts(ended) });
      return { user: accountView(updated), ended };
    },
    /** Clears the account's sign-in and MFA lockouts; nothing else changes. */
    async unlock(actor: AdminActor, id: string) {
      const found = await account(id);
      const before = await deps.lockouts.status(found);
      await deps.lockouts.clear(found);
      await record(actor, 'account.unlock', id, id, {
        was: { login: before.login.locked, mfa: before.mfa.locked },
      });
      return { user: accountView(found), lockouts: await deps.lockouts.status(found) };
    },
    /** Mails the player a single-use reset link; nothing ends until the link is used (active accounts only). */
    async sendPasswordReset(actor: AdminActor, id: string) {
      const found = await account(id);
      if (found.status !== 'active') throw new ConflictError(`the account is ${found.status}, not active`);
      const expiresAt = await deps.sendPasswordReset(found);
      await record(actor, 'account.password_reset', id, id, { linkExpiresAt: expiresAt.toISOString() });
      return {
        user: accountView(found),
        resetMail: { to: found.email, linkExpiresAt: expiresAt.toISOString() },
      };
    },
    async queryAudit(query: AuditQuery & Page) {
      return windowOf(await deps.auditReader.list({ ...query, limit: query.limit + 1 }), query);
    },
    exportAudit: (filter: AuditFilter) => deps.auditExport.rows(filter),
    async listClients(page: Page) {
      const all = await deps.clients.list();
      const items = all
        .slice(page.offset, page.offset + page.limit)
        .map((c) => clientView(c.clientId, c.metadata, c.createdAt));
      return { items, total: all.length, ...page };
    },
    async getClient(clientId: string) {
      const metadata = await deps.clients.findMetadata(clientId);
      if (!metadata) throw new NotFoundError('client');
      return clientView(clientId, metadata);
    },
    async createClient(actor: AdminActor, input: NewClient) {
      await brandExists(input.brandId);
      const created = await deps.clients.create(input);
      await record(actor, 'client.create', created.clientId, undefined, { name: input.name });
      return created;
    },
    async updateClient(actor: AdminActor, clientId: string, patch: ClientPatch) {
      guardInternal(clientId);
      await brandExists(patch.brandId);
      const metadata = await deps.clients.update(clientId, patch);
      if (!metadata) throw new NotFoundError('client');
      await record(actor, 'client.update', clientId, undefined, { fields: Object.keys(patch) });
      return clientView(clientId, metadata);
    },
    async deleteClient(actor: AdminActor, clientId: string) {
      guardInternal(clientId);
      if (!(await deps.clients.delete(clientId))) throw new NotFoundError('client');
      await record(actor, 'client.delete', clientId);
      return { deleted: true as const };
    },
  };
}

export type AdminActions = ReturnType<typeof createAdminActions>;

const counts = (e: EndCounts) => ({ sessions: e.sessions, grants: e.grants });

/** The operator as the account commands record them (surface: the API unless the console says so). */
function commandActor(actor: AdminActor): CommandActor {
  return {
    surface: actor.surface ?? 'admin_api',
    id: actor.id,
    kind: actor.kind === 'account' ? 'user' : 'client',
    reason: actor.reason,
    ip: actor.ip,
    userAgent: actor.userAgent,
  };
}

/** Client metadata without the (hashed) secret. */
function clientView(clientId: string, metadata: Record<string, unknown>, createdAt?: Date) {
  const { client_secret: _secret, ...rest } = metadata;
  return { clientId, metadata: rest, ...(createdAt && { createdAt: createdAt.toISOString() }) };
}
