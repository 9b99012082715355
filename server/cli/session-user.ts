import type { CommandActor } from '../accounts/account-commands.ts';
import type { Account } from '../accounts/account-store.ts';
import { type CliStores, withStores } from './cli-stores.ts';
import { recordCliAction } from './operator-audit.ts';
import { type Command, CommandError, parseFlags, requireFlag, UsageError } from './run-command.ts';

const show = (a: Account) => ({ id: a.id, email: a.email, roles: a.roles, status: a.status });
const CLI: CommandActor = { surface: 'cli', id: 'cli', kind: 'operator' };

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function accountByEmail(stores: CliStores, email: string): Promise<Account> {
  const account = await stores.accounts.findByEmail(email);
  if (!account) throw new CommandError('--email: no such account');
  return account;
}

/** Runs `work` on the account named by --email, with Redis when configured (the version cache, at once). */
const onAccount = <T>(
  env: NodeJS.ProcessEnv,
  email: string,
  work: (s: CliStores, a: Account) => Promise<T>,
) => withStores(env, async (stores) => work(stores, await accountByEmail(stores, email)), { redis: true });

/**
 * `pitboss user password|disable|enable|mfa-reset`: account changes through the account
 * commands (server/accounts/account-commands.ts); their endings run in the running server (on Redis and the
 * embedded defaults alike), which audits them and tells every RP.
 */
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
      return onAccount(env, email, async ({ commands }, account) => {
        const { account: updated, ended } = await commands.changePassword(account.id, password, CLI);
        return { ...show(updated), ended };
      });
    },
  },
  'user disable': {
    usage: 'pitboss user disable --email E [--reason R]',
    summary: 'disable an account; its sessions and tokens stop working and every RP is told',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' }, reason: { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      return onAccount(env, email, async (stores, account) => {
        const { account: updated, ended } = await stores.commands.disable(account.id, {
          ...CLI,
          reason: flags.reason,
        });
        await recordCliAction(stores, 'account.disable', account, { reason: flags.reason, ended });
        return { ...show(updated), ended };
      });
    },
  },
  'user enable': {
    usage: 'pitboss user enable --email E --reason R',
    summary: 'enable a disabled account (never lifts a time-out or self-exclusion)',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' }, reason: { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      const reason = requireFlag(flags.reason, 'reason');
      return onAccount(env, email, async (stores, account) => {
        const { account: updated } = await stores.commands.enable(account.id, { ...CLI, reason });
        await recordCliAction(stores, 'account.enable', account, { reason });
        return show(updated);
      });
    },
  },
  'user mfa-reset': {
    usage: 'pitboss user mfa-reset --email E --reason R',
    summary: 'remove TOTP and recovery codes; ends every session of the account',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' }, reason: { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      const reason = requireFlag(flags.reason, 'reason');
      return onAccount(env, email, async (stores, account) => {
        const { account: updated, ended } = await stores.commands.resetMfa(account.id, { ...CLI, reason });
        await recordCliAction(stores, 'account.mfa_reset', account, { reason, ended });
        return { ...show(updated), ended };
      });
    },
  },
};
