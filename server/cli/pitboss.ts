import { ConfigError } from '../config.ts';
import { InvalidInputError } from '../errors.ts';
import { auditCommands } from './audit.ts';
import { brandCommands } from './brand.ts';
import { clientCommands } from './client.ts';
import { keysCommands } from './keys.ts';
import { migrateCommands } from './migrate.ts';
import { rgUserCommands } from './rg-user.ts';
import { type Command, UsageError } from './run-command.ts';
import { sessionUserCommands } from './session-user.ts';
import { userCommands } from './user.ts';
import { userMfaCommands } from './user-mfa.ts';
import { userOperatorCommands } from './user-operator.ts';

const commands: Record<string, Command> = {
  ...migrateCommands,
  ...userCommands,
  ...userMfaCommands,
  // user password / exclude / limit / disable: these also end sessions and update the version cache.
  ...sessionUserCommands,
  // user timeout / exclude / limit: responsible gambling (server/rg/).
  ...rgUserCommands,
  // user role / unlock: operator rights and lockouts.
  ...userOperatorCommands,
  ...clientCommands,
  ...brandCommands,
  ...keysCommands,
  ...auditCommands,
};

/** Command groups: `pitboss user ...`, `pitboss client ...`; `migrate` is a group of one. */
const groups = [...new Set(Object.keys(commands).map((name) => name.split(' ')[0]!))];
const isHelp = (word: string | undefined) => word === '--help' || word === '-h' || word === 'help';

/** Every command (of one group, when given) with its flags and what it does. */
export function help(group?: string): string {
  const listed = Object.entries(commands).filter(([name]) => !group || name.split(' ')[0] === group);
  return [
    group
      ? `Usage: pitboss ${group} <command> [flags]`
      : 'Usage: pitboss <command> [flags]   (prints JSON on stdout; errors on stderr, exit 1, or 2 for usage)',
    '',
    ...listed.flatMap(([, c]) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    group
      ? `pitboss help lists every group (${groups.join(', ')}).`
      : 'Uses DATABASE_URL, or the embedded database in DATA_DIR (./.data), shared with a running server.',
  ].join('\n');
}

/** Finds the command named by the first one or two words of argv. */
function resolve(argv: string[]): { name: string; command: Command; args: string[] } {
  for (const words of [1, 2]) {
    const name = argv.slice(0, words).join(' ');
    const command = commands[name];
    if (command) return { name, command, args: argv.slice(words) };
  }
  const group = argv[0]!;
  if (groups.includes(group) && (argv.length === 1 || argv[1]!.startsWith('-'))) {
    throw new UsageError(`incomplete command: pitboss ${group} needs a command`, group);
  }
  throw new UsageError(
    `unknown command: ${argv.slice(0, 2).join(' ')}`,
    groups.includes(group) ? group : undefined,
  );
}

/** Runs the CLI on `argv`; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.length === 0) {
    process.stderr.write(`pitboss: a command is required\n\n${help()}\n`);
    return 2;
  }
  // pitboss help | --help | help <group> | <group> --help | <group> help
  if (isHelp(argv[0]) || (groups.includes(argv[0]!) && isHelp(argv[1]) && argv.length === 2)) {
    const group = isHelp(argv[0]) ? argv[1] : argv[0];
    if (group && !groups.includes(group)) {
      process.stderr.write(`pitboss: unknown command group: ${group}\n\n${help()}\n`);
      return 2;
    }
    process.stdout.write(`${help(group)}\n`);
    return 0;
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
    // An unknown or incomplete command also lists what there is (its group's commands, or every one).
    if (error instanceof UsageError && !command) process.stderr.write(`\n${help(error.group)}\n`);
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
