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

const PERIODS: Record<string, (from: Date) => Date | null> = {
  '24h': (d) => new Date(d.getTime() + 24 * 3600_000),
  '7d': (d) => new Date(d.getTime() + 7 * 24 * 3600_000),
  '30d': (d) => new Date(d.getTime() + 30 * 24 * 3600_000),
  '42d': (d) => new Date(d.getTime() + 42 * 24 * 3600_000),
  '6m': (d) => new Date(new Date(d).setMonth(d.getMonth() + 6)),
  '1y': (d) => new Date(new Date(d).setFullYear(d.getFullYear() + 1)),
  '5y': (d) => new Date(new Date(d).setFullYear(d.getFullYear() + 5)),
  permanent: () => null,
};
const periodUntil = (period: string, allowed: string[], flag: string) => {
  if (!allowed.includes(period)) throw new CommandError(`--${flag}: must be one of ${allowed.join(', ')}`);
  return PERIODS[period]!(new Date());
};

/**
 * `pitboss user password|exclude|timeout|limit|disable|enable|mfa-reset`: account changes through the account
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
  'user exclude': {
    usage: 'pitboss user exclude --email E (--period 6m|1y|5y|permanent | --until DATE)   (DATE: ISO 8601)',
    summary: 'self-exclude: ends every session now and refuses sign-in until then',
    run: async (args, env) => {
      const flags = parseFlags(args, {
        email: { type: 'string' },
        until: { type: 'string' },
        period: { type: 'string' },
        reason: { type: 'string' },
      });
      const email = requireFlag(flags.email, 'email');
      let until: Date | null;
      if (flags.period !== undefined)
        until = periodUntil(flags.period, ['6m', '1y', '5y', 'permanent'], 'period');
      else {
        until = new Date(requireFlag(flags.until, 'until'));
        if (Number.isNaN(until.getTime())) throw new CommandError('--until: must be a date (ISO 8601)');
        if (until.getTime() <= Date.now()) throw new CommandError('--until: must be in the future');
      }
      return onAccount(env, email, async ({ commands }, account) => {
        const by = { ...CLI, reason: flags.reason };
        const { ended } = await commands.restrict(account.id, { kind: 'self_exclusion', until }, by);
        return { id: account.id, email: account.email, status: 'self_excluded', until, ended };
      });
    },
  },
  'user timeout': {
    usage: 'pitboss user timeout --email E --period 24h|7d|30d|42d',
    summary: 'time-out: ends every session now and refuses sign-in for the period',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' }, period: { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      const until = periodUntil(requireFlag(flags.period, 'period'), ['24h', '7d', '30d', '42d'], 'period');
      return onAccount(env, email, async ({ commands }, account) => {
        const { ended } = await commands.restrict(account.id, { kind: 'timeout', until }, CLI);
        return { id: account.id, email: account.email, status: 'self_excluded', until, ended };
      });
    },
  },
  'user limit': {
    usage: 'pitboss user limit --email E --session-minutes N   (0 removes the limit)',
    summary: 'set a per-session time limit (responsible gambling); a session ends when it is reached',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' }, 'session-minutes': { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      const minutes = Number(requireFlag(flags['session-minutes'], 'session-minutes'));
      if (!Number.isInteger(minutes) || minutes < 0 || minutes > 24 * 60) {
        throw new CommandError('--session-minutes: must be a whole number from 0 to 1440');
      }
      return onAccount(env, email, async ({ commands }, account) => {
        await commands.setLimits(account.id, { sessionMinutes: minutes || null }, CLI);
        return { id: account.id, email: account.email, session_minutes: minutes || null };
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
