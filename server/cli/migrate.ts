import { withStores } from './cli-stores.ts';
import { type Command, parseFlags } from './run-command.ts';

/** `pitboss migrate`: applies pending migrations and lists them. */
export const migrateCommands: Record<string, Command> = {
  migrate: {
    usage: 'pitboss migrate',
    summary: 'apply pending database migrations; prints {"applied":[...]}',
    run: async (args, env) => {
      parseFlags(args, {});
      return withStores(env, async ({ applied }) => ({ applied }));
    },
  },
};
