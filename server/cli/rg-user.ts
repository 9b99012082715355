import { Registry } from 'prom-client';
import type { Account } from '../accounts/account-store.ts';
import { loadConfig } from '../config.ts';
import { EXCLUSION_PERIODS, isPeriod, restrictionEnd, TIMEOUT_PERIODS } from '../rg/periods.ts';
import { createResponsibleGambling } from '../rg/responsible-gambling.ts';
import { limitsJson } from '../rg/rg-json.ts';
import { createRgMetrics } from '../rg/rg-metrics.ts';
import { type CliStores, withStores } from './cli-stores.ts';
import { type Command, CommandError, parseFlags, requireFlag, UsageError } from './run-command.ts';

async function accountByEmail(stores: CliStores, email: string): Promise<Account> {
  const account = await stores.accounts.findByEmail(email);
  if (!account) throw new CommandError('--email: no such account');
  return account;
}

/** Responsible gambling on the CLI's stores: the same rules and history as the server, surface `cli`. */
function cliRg(stores: CliStores, env: NodeJS.ProcessEnv) {
  const config = loadConfig(env);
  return createResponsibleGambling({
    store: stores.rg,
    audit: stores.audit.direct,
    metrics: createRgMetrics(new Registry()),
    coolingOffSeconds: config.RG_COOLING_OFF,
    // The account command: history row and version bump here; the running server ends the sessions (queued).
    restrictAccount: (accountId, restriction, by) =>
      stores.commands.restrict(accountId, restriction, {
        surface: by.surface,
        id: by.actor,
        reason: by.reason,
      }),
    // The running server re-plans the live sessions' ends and reality checks at once (queued change).
    async limitsChanged(accountId) {
      await stores.versions.refresh(accountId);
      await stores.endings.changed?.(accountId, 'cli');
    },
  });
}

const CLI = { actor: 'cli', surface: 'cli' as const };
const seconds = (d: Date | null) => (d ? d.toISOString() : null);

/** `pitboss user timeout|exclude|limit`: responsible-gambling restrictions and limits (server/rg/). */
export const rgUserCommands: Record<string, Command> = {
  'user timeout': {
    usage: `pitboss user timeout --email E --period ${TIMEOUT_PERIODS.join('|')} [--reason R]`,
    summary:
      'time-out: ends every session now and refuses sign-in until the period ends (cannot be lifted early)',
    run: async (args, env) => {
      const flags = parseFlags(args, {
        email: { type: 'string' },
        period: { type: 'string' },
        reason: { type: 'string' },
      });
      const email = requireFlag(flags.email, 'email');
      const period = requireFlag(flags.period, 'period');
      if (!isPeriod(TIMEOUT_PERIODS, period))
        throw new UsageError(`--period: must be one of ${TIMEOUT_PERIODS.join(', ')}`);
      return withStores(
        env,
        async (stores) => {
          const account = await accountByEmail(stores, email);
          const { restriction, ended } = await cliRg(stores, env).restrict(account.id, 'timeout', period, {
            ...CLI,
            reason: flags.reason,
          });
          return {
            id: account.id,
            email: account.email,
            restriction: { kind: 'timeout', period, until: seconds(restriction.endsAt) },
            ended,
          };
        },
        { redis: true },
      );
    },
  },
  'user exclude': {
    usage: `pitboss user exclude --email E (--period ${EXCLUSION_PERIODS.join('|')} | --until DATE) [--reason R]`,
    summary: 'self-exclusion (at least 6 months): ends every session now and refuses sign-in until it ends',
    run: async (args, env) => {
      const flags = parseFlags(args, {
        email: { type: 'string' },
        period: { type: 'string' },
        until: { type: 'string' },
        reason: { type: 'string' },
      });
      const email = requireFlag(flags.email, 'email');
      if (!flags.period === !flags.until) throw new UsageError('--period or --until: give exactly one');
      if (flags.period && !isPeriod(EXCLUSION_PERIODS, flags.period)) {
        throw new UsageError(`--period: must be one of ${EXCLUSION_PERIODS.join(', ')}`);
      }
      const until = flags.until ? new Date(flags.until) : undefined;
      if (until && Number.isNaN(until.getTime()))
        throw new CommandError('--until: must be a date (ISO 8601)');
      if (until && until.getTime() <= Date.now()) throw new CommandError('--until: must be in the future');
      if (until && until < restrictionEnd('6m', new Date())!) {
        throw new CommandError('--until: a self-exclusion lasts at least 6 months');
      }
      const period = flags.period && isPeriod(EXCLUSION_PERIODS, flags.period) ? flags.period : null;
      return withStores(
        env,
        async (stores) => {
          const account = await accountByEmail(stores, email);
          const { restriction, ended } = await cliRg(stores, env).restrict(
            account.id,
            'self_exclusion',
            period,
            { ...CLI, reason: flags.reason },
            until,
          );
          return {
            id: account.id,
            email: account.email,
            restriction: { kind: 'self_exclusion', period, until: seconds(restriction.endsAt) },
            ended,
          };
        },
        { redis: true },
      );
    },
  },
  'user limit': {
    usage:
      'pitboss user limit --email E [--session-minutes N] [--reality-check-minutes N]   (0 removes a limit)',
    summary: 'set limits: a stricter one applies at once, a looser one (or 0 = none) after RG_COOLING_OFF',
    run: async (args, env) => {
      const flags = parseFlags(args, {
        email: { type: 'string' },
        'session-minutes': { type: 'string' },
        'reality-check-minutes': { type: 'string' },
        reason: { type: 'string' },
      });
      const email = requireFlag(flags.email, 'email');
      const input: Record<string, number | null> = {};
      for (const [flag, name] of [
        ['session-minutes', 'session_minutes'],
        ['reality-check-minutes', 'reality_check_minutes'],
      ] as const) {
        const raw = flags[flag];
        if (raw === undefined) continue;
        const minutes = Number(raw);
        if (!/^\d+$/.test(raw) || minutes > 24 * 60)
          throw new CommandError(`--${flag}: must be a whole number from 0 to 1440`);
        input[name] = minutes || null;
      }
      if (Object.keys(input).length === 0)
        throw new UsageError('--session-minutes or --reality-check-minutes: required');
      return withStores(
        env,
        async (stores) => {
          const account = await accountByEmail(stores, email);
          const limits = await cliRg(stores, env).changeLimits(account.id, input, {
            ...CLI,
            reason: flags.reason,
          });
          return {
            id: account.id,
            email: account.email,
            ...limitsJson(limits, seconds),
          };
        },
        { redis: true },
      );
    },
  },
};
