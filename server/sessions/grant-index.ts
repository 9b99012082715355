import { type AdapterFactory, ttlMsFor } from '../provider/token-store.ts';

/** One indexed grant: its id and when its record expires (epoch ms). */
export interface GrantEntry {
  id: string;
  expiresAt: number;
}

/**
 * Per-account index of Grant ids (issue 5 indexes sessions only). It lets an admin list a player's grants
 * and end the offline grants (refresh tokens) that outlived their sessions. Members expire with their
 * grant; a member whose record is already gone (revoked elsewhere) is dropped when read.
 */
export interface GrantIndex {
  add(accountId: string, grantId: string, expiresAt: number): Promise<void>;
  /** Live members, latest expiry first. */
  list(accountId: string): Promise<GrantEntry[]>;
  /** Resolves true for the one caller that removed the member (concurrent enders of one grant: the first). */
  remove(accountId: string, grantId: string): Promise<boolean>;
}

/** Wraps the token store so every saved Grant with an account is added to that account's grant index. */
export function indexGrants(factory: AdapterFactory, index: GrantIndex): AdapterFactory {
  return (name) => {
    const adapter = factory(name);
    if (name !== 'Grant') return adapter;
    const upsert = adapter.upsert.bind(adapter);
    return Object.assign(Object.create(adapter), {
      async upsert(id: string, payload: { accountId?: string }, expiresIn?: number) {
        await upsert(id, payload, expiresIn);
        if (payload.accountId) await index.add(payload.accountId, id, Date.now() + ttlMsFor(expiresIn));
      },
    });
  };
}
