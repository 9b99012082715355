import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { privateDataDir } from '../data-dir.ts';

/**
 * The AES-256 key for TOTP secrets: MFA_ENCRYPTION_KEY when set (required in production); otherwise a key
 * generated once and kept in the data directory (like cookie-keys.ts), shared by the server and the CLI.
 */
export async function resolveMfaKey(configured: Buffer | undefined, dataDir: string): Promise<Buffer> {
  if (configured) return configured;
  const file = join(privateDataDir(dataDir), 'mfa-key');
  const read = async () => {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a base64 32-byte key`);
    return key;
  };
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    // wx: when two processes start together, one creates the key and the other reads it.
    await writeFile(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return read();
}
