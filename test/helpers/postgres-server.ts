import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.ts';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

/** Runs a Postgres tool as the postgres OS user when we are root (initdb and postgres refuse to run as root). */
function pg(tool: string, args: string[]) {
  return isRoot ? run('runuser', ['-u', 'postgres', '--', tool, ...args]) : run(tool, args);
}

/**
 * A throwaway Postgres cluster (initdb into a temp dir) on a spare port, started and stopped with pg_ctl,
 * so a test can take Postgres down for real while the shared server on 5432 stays up.
 */
export async function startPostgresServer(): Promise<{
  url: string;
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
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
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
    stop,
    start,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
