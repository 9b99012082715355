import { createDirectAuditLog } from '../../adapters/postgres/audit-store.ts';
import type { Account } from '../accounts/account-store.ts';
import type { EndReason } from '../sessions/session-events.ts';
import { type Command, CommandError, parseFlags, requireFlag, UsageError } from './run-command.ts';
import { type SessionStores, withSessionStores } from './session-stores.ts';

const show = (a: Account) => ({ id: a.id, email: a.email, roles: a.roles, status: a.status });

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function accountByEmail(stores: SessionStores, email: string): Promise<Account> {
  const account = await stores.accounts.findByEmail(email);
  if (!account) throw new CommandError('--email: no such account');
  return account;
}

/** Ends what the server can still reach (Redis); the version bump already makes the rest unusable. */
async function endAll(stores: SessionStores, accountId: string, reason: EndReason) {
  return stores.terminator ? stores.terminator.endAllForAccount(accountId, reason, 'cli') : undefined;
}

/** `pitboss user password|disable`: account changes that end or bound sessions. */
export const sessionUserCommands: Record<string, Command> = {
  'user password': {
    usage: 'pitboss user password --email E [--password P]   (or the new password on stdin)',
    summary: 'set a new password; every session and token of the account stops working',
    flags: { email: 'email', password: 'password' },
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' }, password: { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      const password = flags.password ?? (await readStdin());
      if (!password) throw new UsageError('--password: required (or give it on stdin)');
      return withSessionStores(env, async (stores) => {
        const account = await accountByEmail(stores, email);
        const updated = await stores.versions.changePassword(account.id, password);
        const ended = await endAll(stores, account.id, 'version_bump');
        await createDirectAuditLog(stores.pool).record({
          type: 'account.password_changed',
          outcome: 'success',
          accountId: account.id,
          detail: { actor: 'cli' },
        });
        return { ...show(updated), ended };
      });
    },
  },
  'user disable': {
    usage: 'pitboss user disable --email E',
    summary: 'disable an account; its sessions and tokens stop working (session_version bump)',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      return withSessionStores(env, async (stores) => {
        const account = await accountByEmail(stores, email);
        const updated = await stores.versions.setStatus(account.id, 'disabled');
        await endAll(stores, account.id, 'disabled');
        return show(updated);
      });
    },
  },
};
