import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { privateDataDir, tightenTree } from '../../server/data-dir.ts';
import type { Database } from './database.ts';
import { servePgliteSocket } from './pglite-socket-server.ts';

// Linux limits a unix socket path to 107 bytes.
const MAX_SOCKET_PATH = 107;
const OWNER_WAIT_MS = 15_000;

/**
 * Embedded Postgres: PGlite allows one process per data directory, so the first process opens it and serves it
 * on `<dataDir>/.s.PGSQL.5432`; every other process (the CLI while `npm start` runs) connects to that socket.
 * Both use the same pg code path. A lock file holding the owner's pid keeps two processes from opening
 * PGlite at once; a lock or socket left by a crashed process is taken over.
 *
 * Secrets at rest: the data directory is 0700 and must belong to this user (privateDataDir), the process
 * umask is 077 before PGlite starts, and PGlite's own 0666 files are made 0600 when it opens and closes.
 */
export async function openEmbedded(
  dataDir: string,
  createPool: (config: pg.PoolConfig) => pg.Pool,
): Promise<Database> {
  const dir = privateDataDir(dataDir);
  const socketPath = join(dir, '.s.PGSQL.5432');
  if (socketPath.length > MAX_SOCKET_PATH)
    throw new Error(`DATA_DIR path too long for a unix socket: ${dir}`);
  const poolConfig = { host: dir, port: 5432, user: 'postgres', database: 'postgres' };
  const shared = (): Database => {
    const pool = createPool(poolConfig);
    return { pool, embedded: true, close: () => pool.end() };
  };

  const lockPath = join(dir, 'owner.pid');
  const deadline = Date.now() + OWNER_WAIT_MS;
  for (;;) {
    if (await answers(socketPath)) return shared();
    if (takeLock(lockPath)) break;
    // Another live process is opening PGlite; its socket appears once it is ready.
    if (Date.now() > deadline) throw new Error(`embedded database in ${dir} is held by another process`);
    await sleep(200);
  }

  try {
    rmSync(socketPath, { force: true });
    // Everything this process creates from now on (PGlite's directories, the socket) is for its user only.
    process.umask(0o077);
    const db = await PGlite.create(join(dir, 'pgdata'));
    tightenTree(dir);
    const server = await servePgliteSocket(db, socketPath).catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    chmodSync(socketPath, 0o600);
    const pool = createPool(poolConfig);
    return {
      pool,
      embedded: true,
      close: async () => {
        await pool.end();
        await server.close();
        await db.close();
        tightenTree(dir);
        rmSync(lockPath, { force: true });
      },
    };
  } catch (error) {
    rmSync(lockPath, { force: true });
    throw error;
  }
}

/** Whether something accepts connections on the unix socket. */
function answers(path: string): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(path);
    socket.setTimeout(1000);
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('timeout', () => finish(false));
  });
}

/** Creates the pid lock, or takes it over when its owner is no longer running. */
function takeLock(lockPath: string): boolean {
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const content = readFileSync(lockPath, 'utf8');
  // Empty: its owner created it a moment ago and is writing its pid.
  if (content === '' || isRunning(Number(content))) return false;
  rmSync(lockPath, { force: true });
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
