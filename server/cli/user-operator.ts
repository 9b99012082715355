import type { Account } from '../accounts/account-store.ts';
import { OPERATOR_ROLES } from '../accounts/operator-roles.ts';
import { createLockouts } from '../admin/lockouts.ts';
import { loadConfig } from '../config.ts';
import { createRateLimits } from '../http/rate-limits-config.ts';
import { accountLockout, createAttemptLimiter } from '../mfa/attempt-limiter.ts';
import { handToServer } from '../sessions/queued-endings.ts';
import { type CliStores, withStores } from './cli-stores.ts';
import { recordCliAction } from './operator-audit.ts';
import { type Command, CommandError, parseFlags, requireFlag } from './run-command.ts';

const show = (a: Account) => ({ id: a.id, email: a.email, roles: a.roles, status: a.status });

async function accountByEmail(stores: CliStores, email: string): Promise<Account> {
  const account = await stores.accounts.findByEmail(email);
  if (!account) throw new CommandError('--email: no such account');
  return account;
}

/** `pitboss user role|unlock`: operator rights and lockouts. */
export const userOperatorCommands: Record<string, Command> = {
  'user role': {
    usage: 'pitboss user role --email E --role admin|support|none [--reason R]',
    summary: 'make the account an admin or support operator, or neither; its sessions end (version bump)',
    run: async (args, env) => {
      const flags = parseFlags(args, {
        email: { type: 'string' },
        role: { type: 'string' },
        reason: { type: 'string' },
      });
      const email = requireFlag(flags.email, 'email');
      const role = requireFlag(flags.role, 'role');
      if (role !== 'none' && !(OPERATOR_ROLES as readonly string[]).includes(role)) {
        throw new CommandError('--role: must be admin, support or none');
      }
      return withStores(
        env,
        async (stores) => {
          const account = await accountByEmail(stores, email);
          const others = account.roles.filter((r) => !(OPERATOR_ROLES as readonly string[]).includes(r));
          const roles = role === 'none' ? others : [...others, role];
          const by = { surface: 'cli' as const, id: 'cli', kind: 'operator' as const, reason: flags.reason };
          const { account: updated, ended } = await stores.commands.setRoles(account.id, roles, by);
          await recordCliAction(stores, 'account.role', account, { reason: flags.reason, role, ended });
          return { ...show(updated), ended };
        },
        { redis: true },
      );
    },
  },
  'user unlock': {
    usage: 'pitboss user unlock --email E [--reason R]',
    summary:
      'clear the sign-in and MFA lockouts of an account (on the embedded defaults the running server clears them)',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' }, reason: { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      const config = loadConfig(env);
      return withStores(
        env,
        async (stores) => {
          const account = await accountByEmail(stores, email);
          // On the embedded defaults the counters are in the running server's memory: it clears them.
          if (stores.sessionStore !== 'shared') return unlockThroughServer(stores, account, flags.reason);
          const lockouts = createLockouts({
            login: createRateLimits(stores.counters, config).login,
            mfa: accountLockout(
              createAttemptLimiter({ counters: stores.counters, prefix: config.REDIS_PREFIX }),
            ),
          });
          const before = await lockouts.status(account);
          await lockouts.clear(account);
          await recordCliAction(stores, 'account.unlock', account, {
            reason: flags.reason,
            was: { login: before.login.locked, mfa: before.mfa.locked },
          });
          return { ...show(account), lockouts: await lockouts.status(account) };
        },
        { redis: true },
      );
    },
  },
};

/**
 * Hands the unlock to the running server (session_end_requests, action unlock) and waits for it. With no
 * server running nothing is locked (the counters lived in its memory); the request is applied by the next
 * one to start, harmlessly.
 */
async function unlockThroughServer(stores: CliStores, account: Account, reason: string | undefined) {
  const request = {
    accountId: account.id,
    reason: '',
    actor: 'cli',
    surface: 'cli',
    action: 'unlock' as const,
  };
  const result = await handToServer(stores.endRequests, request);
  await recordCliAction(stores, 'account.unlock', account, {
    reason,
    ...(result?.unlocked ? { was: result.unlocked } : { queued: true }),
  });
  if (!result) {
    return {
      ...show(account),
      queued: true,
      note: 'no running server took the unlock within 5 s; without one nothing is locked (its counters lived in its memory)',
    };
  }
  const cleared = { locked: false, failures: 0 };
  return {
    ...show(account),
    lockouts: { login: { ...cleared, retryAfterSeconds: 0 }, mfa: cleared },
    was: result.unlocked,
  };
}
