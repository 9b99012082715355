import { type ParseArgsConfig, parseArgs } from 'node:util';

/** The command line itself is wrong (unknown command or flag, missing flag): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command group whose commands the help should list (unknown or incomplete command). */
  constructor(
    message: string,
    readonly group?: string | undefined,
  ) {
    super(message);
  }
}

/** A well-formed command that cannot be carried out (bad value, unknown account): exit code 1. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** One CLI command: flags are parsed before the database is opened, so usage errors touch nothing. */
export interface Command {
  readonly usage: string;
  readonly summary: string;
  /** Domain field names (InvalidInputError.field) mapped to the flag that supplied them. */
  readonly flags?: Readonly<Record<string, string>>;
  run(args: string[], env: NodeJS.ProcessEnv): Promise<unknown>;
}

/** node:util parseArgs in strict mode, with its errors turned into one-line UsageErrors naming the flag. */
export function parseFlags<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `${flag}: unknown option`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag)
    return `${flag}: ${message.replace(/^.*' /, '')}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return message.replace(/\. .*$/, '');
  return message;
}

/** The value of a required flag, or a UsageError naming it. */
export function requireFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag}: required`);
  return value;
}
