import { type ParseArgsConfig, parseArgs } from 'node:util';
import type pg from 'pg';
import { createAccountStore } from '../../adapters/postgres/account-store.ts';
import { createClientStore } from '../../adapters/postgres/client-store.ts';
import { openDatabase } from '../../adapters/postgres/database.ts';
import { createKeyStore } from '../../adapters/postgres/key-store.ts';
import { migrate } from '../../adapters/postgres/migrate.ts';
import type { AccountStore } from '../accounts/account-store.ts';
import type { ClientStore } from '../clients/client-store.ts';
import { loadConfig } from '../config.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { backchannelUriPolicy } from '../logout/backchannel-uri-policy.ts';

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

export interface Stores {
  readonly pool: pg.Pool;
  readonly accounts: AccountStore;
  readonly clients: ClientStore;
  readonly keys: KeyStore;
  /** Migrations this invocation applied (every command migrates first). */
  readonly applied: string[];
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

/** Opens the configured database (sharing a running embedded server's), migrates, runs `work`, closes. */
export async function withStores<T>(
  env: NodeJS.ProcessEnv,
  work: (stores: Stores) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, max: 2 });
  try {
    const applied = await migrate(database.pool);
    const { pool } = database;
    return await work({
      pool,
      accounts: createAccountStore(pool),
      clients: createClientStore(pool, backchannelUriPolicy(config)),
      keys: createKeyStore(pool),
      applied,
    });
  } finally {
    await database.close();
  }
}
