import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.ts';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
// PG_BIN points at a server's bin directory when its tools are not on PATH (e.g. /usr/lib/postgresql/15/bin).
const PG_BIN = process.env.PG_BIN;

/** Runs a Postgres tool as the postgres OS user when we are root (initdb and postgres refuse to run as root). */
function pg(name: string, args: string[]) {
  const tool = PG_BIN ? join(PG_BIN, name) : name;
  return isRoot ? run('runuser', ['-u', 'postgres', '--', tool, ...args]) : run(tool, args);
}

/**
 * A throwaway Postgres cluster (initdb into a temp dir) on a spare port, started and stopped with pg_ctl,
 * so a test can take Postgres down for real while the shared server on 5432 stays up.
 */
export async function startPostgresServer(): Promise<{
  url: string;
  port: number;
  /** Immediate shutdown (like a crash: no checkpoint, clients cut off). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'pitboss-pg-'));
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await pg('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  // fsync off for speed, but synchronous_commit stays on (the default): with it off an immediate stop can
  // drop a transaction the client already saw commit, a test artefact rather than an outage to survive.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => {
    await pg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  };
  const stop = async () => {
    await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
