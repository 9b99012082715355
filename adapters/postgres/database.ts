import pg from 'pg';
import { openEmbedded } from './embedded.ts';

/** A pg pool plus whatever this process opened to serve it (the embedded PGlite and its socket). */
export interface Database {
  pool: pg.Pool;
  /** True when backed by PGlite (single instance only), whether this process owns it or shares it. */
  embedded: boolean;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Postgres URL; unset means embedded PGlite under dataDir. */
  url?: string;
  /** Directory for the embedded database and its socket. */
  dataDir: string;
  /** With a url: every connection uses this search_path, created if missing (tests isolate by schema). */
  schema?: string;
  /** Pool size. */
  max?: number;
}

// Fail fast when Postgres is down so callers can answer 503 instead of hanging on a connect.
const CONNECTION_TIMEOUT_MS = 3000;

/** Opens Postgres at `url`, or the embedded PGlite in `dataDir` (joining a running server's socket if any). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const max = options.max ?? 10;
  if (!options.url) return openEmbedded(options.dataDir, (config) => createPool({ ...config, max }));
  let connectionString = options.url;
  if (options.schema) {
    assertSchemaName(options.schema);
    await createSchema(options.url, options.schema);
    connectionString = withSearchPath(options.url, options.schema);
  }
  const pool = createPool({ connectionString, max });
  return { pool, embedded: false, close: () => pool.end() };
}

/** A pool whose idle-client errors (server restart, network drop) cannot crash the process. */
export function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionTimeoutMillis: CONNECTION_TIMEOUT_MS, ...config });
  // The broken client is discarded by pg and the next checkout reconnects; the failure surfaces there.
  pool.on('error', () => undefined);
  return pool;
}

function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
}

async function createSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECTION_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${schema}`);
  } finally {
    await client.end();
  }
}

// A startup option rather than SET on connect: it holds for every connection with no extra round trip.
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  const existing = parsed.searchParams.get('options');
  const option = `-c search_path=${schema}`;
  parsed.searchParams.set('options', existing ? `${existing} ${option}` : option);
  return parsed.toString();
}
