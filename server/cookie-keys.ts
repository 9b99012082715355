import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { privateDataDir } from './data-dir.ts';

/**
 * Cookie signing keys: COOKIE_KEYS when set (required in production); otherwise a key generated once and
 * kept in the data directory, so the embedded default survives restarts without configuration.
 */
export async function resolveCookieKeys(
  configured: readonly string[] | undefined,
  dataDir: string,
): Promise<string[]> {
  if (configured?.length) return [...configured];
  const file = join(privateDataDir(dataDir), 'cookie-keys.json');
  try {
    const keys = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (Array.isArray(keys) && keys.every((k) => typeof k === 'string') && keys.length)
      return keys as string[];
  } catch {
    // First start: fall through and create the key.
  }
  const keys = [randomBytes(32).toString('base64url')];
  await writeFile(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}
