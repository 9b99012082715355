import { loadConfig } from '../config.ts';
import { resolveMfaKey } from '../mfa/encryption-key.ts';
import { type CliStores, withStores } from './cli-stores.ts';
import { type Command, CommandError, parseFlags, requireFlag } from './run-command.ts';

/** The MFA service on the CLI's stores; no Redis needed (enrolment uses no replay guard or counters). */
async function mfaFor(env: NodeJS.ProcessEnv, stores: CliStores) {
  // Loaded on demand so every other command starts without otplib, qrcode and rate-limiter-flexible.
  const { createMfa } = await import('../mfa/create-mfa.ts');
  const config = loadConfig(env);
  const key = await resolveMfaKey(config.mfaKey, config.DATA_DIR);
  return createMfa({
    store: stores.mfa,
    guard: stores.replayGuard,
    counters: stores.counters,
    prefix: config.REDIS_PREFIX,
    key,
    audit: stores.audit.direct,
    pending: stores.values('mfa:pending'),
  });
}

/** `pitboss user totp` and `pitboss user require-mfa`: operator-side second-factor management. */
export const userMfaCommands: Record<string, Command> = {
  'user totp': {
    usage: 'pitboss user totp --email E',
    summary: 'enrol TOTP for an account (replaces any earlier secret); prints {"secret","otpauth_uri"}',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' } });
      const email = requireFlag(flags.email, 'email');
      return withStores(env, async (stores) => {
        const account = await stores.accounts.findByEmail(email);
        if (!account) throw new CommandError('--email: no such account');
        const enrolled = await (await mfaFor(env, stores)).enrolDirect(account);
        return { secret: enrolled.secret, otpauth_uri: enrolled.otpauthUri };
      });
    },
  },
  'user require-mfa': {
    usage: 'pitboss user require-mfa --email E [--off]',
    summary: 'require the account to use a second factor (it enrols at its next sign-in); --off lifts it',
    run: async (args, env) => {
      const flags = parseFlags(args, { email: { type: 'string' }, off: { type: 'boolean' } });
      const email = requireFlag(flags.email, 'email');
      return withStores(env, async (stores) => {
        const account = await stores.accounts.findByEmail(email);
        if (!account) throw new CommandError('--email: no such account');
        await (await mfaFor(env, stores)).setRequired(account.id, !flags.off);
        return { id: account.id, email: account.email, mfa_required: !flags.off };
      });
    },
  },
};
