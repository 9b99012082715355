import type { AdapterFactory } from '../provider/token-store.ts';

/**
 * Keeps one session alive across a session-version bump: its login time moves up to the new notBefore, so the
 * version guard accepts it again (the player who just proved the current password on /account stays signed
 * in). Its absolute lifetime counts from then, as after any fresh authentication.
 */
export function createSessionRestamp(store: AdapterFactory) {
  const sessions = store('Session');
  return async function restampSession(sessionId: string, notBefore: number): Promise<void> {
    const record = await sessions.find(sessionId);
    if (!record?.exp) return;
    const expiresIn = record.exp - Math.floor(Date.now() / 1000);
    if (expiresIn <= 0) return;
    const loginTs = Math.max(Number(record.loginTs ?? 0), notBefore);
    await sessions.upsert(sessionId, { ...record, loginTs }, expiresIn);
  };
}
