import type { Account } from '../accounts/account-store.ts';
import { OPERATOR_ROLES } from '../accounts/operator-roles.ts';
import { ConflictError } from '../errors.ts';
import { withStores } from './cli-stores.ts';
import { type Command, CommandError, parseFlags, requireFlag } from './run-command.ts';

// What the CLI shows of an account: never the hash, nothing beyond what an operator needs.
const show = (a: Account) => ({ id: a.id, email: a.email, roles: a.roles, status: a.status });

/** `pitboss user ...`: create and disable accounts. */
export const userCommands: Record<string, Command> = {
  'user add': {
    usage: 'pitboss user add --email E --password P [--role admin|support]',
    summary: 'create an account (argon2id password hash); --role makes it a console operator',
    flags: { email: 'email', password: 'password', roles: 'role' },
    run: async (args, env) => {
      const flags = parseFlags(args, {
        email: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string', multiple: true },
      });
      const email = requireFlag(flags.email, 'email');
      const password = requireFlag(flags.password, 'password');
      const unknown = (flags.role ?? []).find((r) => !(OPERATOR_ROLES as readonly string[]).includes(r));
      if (unknown !== undefined) throw new CommandError(`--role: must be admin or support (got ${unknown})`);
      return withStores(env, async ({ accounts }) => {
        try {
          return show(await accounts.create({ email, password, roles: flags.role ?? [] }));
        } catch (error) {
          if (error instanceof ConflictError) throw new CommandError('--email: already registered');
          throw error;
        }
      });
    },
  },
};
