import { ConfigError } from '../config.ts';
import { InvalidInputError } from '../errors.ts';
import { auditCommands } from './audit.ts';
import { clientCommands } from './client.ts';
import { keysCommands } from './keys.ts';
import { migrateCommands } from './migrate.ts';
import { rgUserCommands } from './rg-user.ts';
import { type Command, UsageError } from './run-command.ts';
import { sessionUserCommands } from './session-user.ts';
import { userCommands } from './user.ts';
import { userMfaCommands } from './user-mfa.ts';

const commands: Record<string, Command> = {
  ...migrateCommands,
  ...userCommands,
  ...userMfaCommands,
  // user password / exclude / limit / disable: these also end sessions and update the version cache.
  ...sessionUserCommands,
  // user timeout / exclude / limit: responsible gambling (server/rg/).
  ...rgUserCommands,
  ...clientCommands,
  ...keysCommands,
  ...auditCommands,
};

const help = () =>
  [
    'Usage: pitboss <command> [flags]   (prints JSON on stdout; errors on stderr, exit 1, or 2 for usage)',
    '',
    ...Object.values(commands).flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Uses DATABASE_URL, or the embedded database in DATA_DIR (./.data), shared with a running server.',
  ].join('\n');

/** Finds the command named by the first one or two words of argv. */
function resolve(argv: string[]): { name: string; command: Command; args: string[] } {
  for (const words of [1, 2]) {
    const name = argv.slice(0, words).join(' ');
    const command = commands[name];
    if (command) return { name, command, args: argv.slice(words) };
  }
  throw new UsageError(`unknown command: ${argv.slice(0, 2).join(' ') || '(none)'} (see pitboss --help)`);
}

/** Runs the CLI on `argv`; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${help()}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  let command: Command | undefined;
  try {
    const resolved = resolve(argv);
    command = resolved.command;
    if (resolved.args.includes('--help')) {
      process.stdout.write(`${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    const result = await command.run(resolved.args, env);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`pitboss: ${describe(error, command).replace(/\s*\n\s*/g, ' ')}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

function describe(error: unknown, command: Command | undefined): string {
  if (error instanceof InvalidInputError) {
    const reason = error.message.slice(error.field.length + 2);
    const flag = command?.flags?.[error.field];
    return flag ? `--${flag}: ${reason}` : error.message;
  }
  if (error instanceof ConfigError || error instanceof Error) return error.message;
  return String(error);
}

process.exitCode = await main(process.argv.slice(2));
