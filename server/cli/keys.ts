import { withStores } from './cli-stores.ts';
import { type Command, parseFlags } from './run-command.ts';

// A retirement age older than any key: list them all.
const EVER = 100 * 365 * 24 * 60 * 60;

/** `pitboss keys ...`: signing key rotation. */
export const keysCommands: Record<string, Command> = {
  'keys rotate': {
    usage: 'pitboss keys rotate',
    summary: 'add a new signing key and retire the current one (it stays published); prints {"kid":...}',
    run: async (args, env) => {
      parseFlags(args, {});
      return withStores(env, async ({ keys }) => ({ kid: (await keys.rotate()).kid }));
    },
  },
  'keys list': {
    usage: 'pitboss keys list',
    summary: 'list signing keys (kid and dates only), newest first',
    run: async (args, env) => {
      parseFlags(args, {});
      return withStores(env, async ({ keys }) =>
        (await keys.published(EVER)).map((k) => ({
          kid: k.kid,
          created_at: k.createdAt,
          retired_at: k.retiredAt,
        })),
      );
    },
  },
};
