import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './config.ts';

/**
 * DATA_DIR holds the embedded database (emails, password hashes, sealed TOTP secrets, the signing keys in its
 * WAL), its socket and generated keys: only the user running Pitboss may enter it. Creates it 0700, or
 * refuses (ConfigError naming DATA_DIR) one that another user owns or that group or others may access.
 */
export function privateDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = statSync(dir);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new ConfigError('DATA_DIR', `${dir} is owned by uid ${stat.uid}, not by this user (uid ${uid})`);
  }
  if (stat.mode & 0o077) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
    throw new ConfigError('DATA_DIR', `${dir} is open to other users (mode ${mode}); run chmod 700 ${dir}`);
  }
  return dir;
}

/** Takes group and other permissions off everything under `dir` (PGlite writes its files 0666 on its own). */
export function tightenTree(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) tightenTree(path);
    if (stat.mode & 0o077) chmodSync(path, stat.mode & 0o700);
  }
}
