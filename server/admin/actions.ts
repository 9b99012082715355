import type { AccountCommands, CommandActor } from '../accounts/account-commands.ts';
import type { Account, AccountStore } from '../accounts/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditQuery, AuditReader } from '../audit/audit-reader.ts';
import type { ClientStore, NewClient } from '../clients/client-store.ts';
import { AppError, NotFoundError } from '../errors.ts';
import type { AdminActor, AdminGrants, AdminSessions, ClientPatch, EndCounts, Page } from './ports.ts';
import { windowOf } from './ports.ts';

export interface AdminDeps {
  accounts: AccountStore;
  clients: ClientStore;
  sessions: AdminSessions;
  grants: AdminGrants;
  /** Account changes go through the one command path (bump, cache, endings, audit). */
  commands: AccountCommands;
  auditLog: AuditLog;
  auditReader: AuditReader;
  /** Clients Pitboss itself depends on (the admin UI's); not editable through the API. */
  internalClients: ReadonlySet<string>;
}

/** The account as the admin API shows it (no hashes, no session_version). */
export function accountView(a: Account) {
  return {
    id: a.id,
    email: a.email,
    roles: [...a.roles],
    status: a.status,
    createdAt: a.createdAt.toISOString(),
  };
}

/** Every admin operation, shared by the API and the web UI; each change is audited with the admin's identity. */
export function createAdminActions(deps: AdminDeps) {
  const record = (actor: AdminActor, action: string, target: string, accountId?: string, extra = {}) =>
    deps.auditLog.record({
      type: 'admin.action',
      outcome: 'success',
      accountId,
      ip: actor.ip,
      userAgent: actor.userAgent,
      detail: { admin: actor.id, adminKind: actor.kind, action, target, ...extra },
    });
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
      return accountView(await account(id));
    },
    async listSessions(id: string, page: Page) {
      await account(id);
      return deps.sessions.listForAccount(id, page);
    },
    async listGrants(id: string, page: Page) {
      await account(id);
      return deps.grants.listForAccount(id, page);
    },
    async endAllSessions(actor: AdminActor, id: string): Promise<EndCounts> {
      await account(id);
      const ended = await deps.sessions.endAllForAccount(id, actor);
      await record(actor, 'sessions.end_all', id, id, { ended });
      return ended;
    },
    async endSession(actor: AdminActor, sid: string): Promise<EndCounts> {
      const session = await deps.sessions.find(sid);
      const ended = session && (await deps.sessions.endSession(sid, actor));
      if (!session || !ended) throw new NotFoundError('session');
      await record(actor, 'session.end', sid, session.accountId, { ended });
      return ended;
    },
    async revokeGrant(actor: AdminActor, grantId: string): Promise<EndCounts> {
      const revoked = await deps.grants.revoke(grantId, actor);
      if (!revoked) throw new NotFoundError('grant');
      const { accountId, ...ended } = revoked;
      await record(actor, 'grant.revoke', grantId, accountId, { ended });
      return ended;
    },
    async disableUser(actor: AdminActor, id: string, status: 'disabled' | 'self_excluded', reason?: string) {
      await account(id);
      const by = commandActor(actor, reason);
      const { account: updated, ended } =
        status === 'disabled'
          ? await deps.commands.disable(id, by)
          : await deps.commands.restrict(id, { kind: 'self_exclusion', until: null }, by);
      await record(actor, status === 'disabled' ? 'account.disable' : 'account.self_exclude', id, id, {
        ended,
        ...(reason && { reason }),
      });
      return { user: accountView(updated), ended: { sessions: ended.sessions, grants: ended.grants } };
    },
    async queryAudit(query: AuditQuery & Page) {
      return windowOf(await deps.auditReader.list({ ...query, limit: query.limit + 1 }), query);
    },
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
      const created = await deps.clients.create(input);
      await record(actor, 'client.create', created.clientId, undefined, { name: input.name });
      return created;
    },
    async updateClient(actor: AdminActor, clientId: string, patch: ClientPatch) {
      guardInternal(clientId);
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

/** The admin as the account commands record them (surface: the API unless the console says so). */
function commandActor(actor: AdminActor, reason: string | undefined): CommandActor {
  return {
    surface: actor.surface ?? 'admin_api',
    id: actor.id,
    kind: actor.kind === 'account' ? 'user' : 'client',
    reason,
    ip: actor.ip,
    userAgent: actor.userAgent,
  };
}

/** Client metadata without the (hashed) secret. */
function clientView(clientId: string, metadata: Record<string, unknown>, createdAt?: Date) {
  const { client_secret: _secret, ...rest } = metadata;
  return { clientId, metadata: rest, ...(createdAt && { createdAt: createdAt.toISOString() }) };
}
