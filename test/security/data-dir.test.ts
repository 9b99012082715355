import { execFile } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/database.ts';
import { migrate } from '../../adapters/postgres/migrate.ts';
import { resolveCookieKeys } from '../../server/cookie-keys.ts';
import { resolveMfaKey } from '../../server/mfa/encryption-key.ts';

const run = promisify(execFile);

/** Every path under `dir` (itself included) whose permissions let group or others in, with its mode. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.mode & 0o077) found.push(`${(stat.mode & 0o777).toString(8)} ${path}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

/** Finding 2: PGlite wrote pgdata 0666/0755, so another local user read hashes, TOTP secrets and the signing key. */
describe('DATA_DIR is private to the user running Pitboss', () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-datadir-'));
  // A world-traversable parent, as /srv or a home directory often is: only DATA_DIR itself protects the data.
  chmodSync(root, 0o755);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates DATA_DIR 0700 and every file in it 0600: database, WAL, socket, generated keys', async () => {
    const dataDir = join(root, 'data');
    const db = await openDatabase({ dataDir });
    try {
      await migrate(db.pool);
      await db.pool.query(`insert into clients (client_id, metadata) values ('secret-studio', '{}')`);
      await resolveCookieKeys(undefined, dataDir);
      await resolveMfaKey(undefined, dataDir);
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      expect(lstatSync(join(dataDir, '.s.PGSQL.5432')).isSocket()).toBe(true);
      expect(openToOthers(dataDir)).toEqual([]);
    } finally {
      await db.close();
    }
    expect(openToOthers(dataDir)).toEqual([]);
  }, 120_000); // PGlite's first start (initdb) is slow on a loaded machine

  it('refuses to start on a DATA_DIR that other users can read', async () => {
    const dataDir = join(root, 'shared');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const started = run(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    const failure = (await started.then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )) as { code: number; stderr: string };
    expect(failure.code).not.toBe(0);
    expect(failure.stderr).toContain(`DATA_DIR: ${dataDir} is open to other users (mode 0755)`);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a DATA_DIR owned by another user', async () => {
    const dataDir = join(root, 'foreign');
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, 65534, 65534);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/DATA_DIR: .* is owned by uid 65534/);
    await expect(resolveMfaKey(undefined, dataDir)).rejects.toThrow(/DATA_DIR/);
  });
});
