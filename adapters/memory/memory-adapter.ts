import type { AdapterFactory, AdapterPayload, PitbossAdapter } from '../../server/provider/token-store.ts';
import { grantIdOf, ttlMsFor, UID_MODELS, USER_CODE_MODELS } from '../redis/keys.ts';
import { MemoryStore } from './memory-store.ts';

export { MemoryStore };

/** Key names inside a MemoryStore; same shape as the Redis scheme, without prefix or hash tags. */
export const memoryKeys = {
  record: (model: string, id: string) => `${model}:${id}`,
  grantIndex: (grantId: string) => `idx:grant:${grantId}`,
  uid: (model: string, uid: string) => `idx:${model}:uid:${uid}`,
  userCode: (model: string, userCode: string) => `idx:${model}:userCode:${userCode}`,
};

interface StoredRecord {
  payload: AdapterPayload;
  consumed?: unknown;
}

/** Grant index: member record key -> its expiry (epoch ms). */
type GrantIndex = Map<string, number>;

/**
 * In-process storage with the Redis adapter's contract (embedded default, single instance only).
 * Payloads are cloned in and out so callers never share mutable state with the store, as with Redis.
 */
export function createMemoryAdapter(options: { store?: MemoryStore } = {}): AdapterFactory {
  const store = options.store ?? new MemoryStore();
  return (model) => new MemoryAdapter(store, model);
}

class MemoryAdapter implements PitbossAdapter {
  constructor(
    private readonly store: MemoryStore,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    // One instant for the record, its lookups and its index entry, so the index never expires first.
    const expiresAt = Date.now() + ttlMsFor(expiresIn);
    const key = memoryKeys.record(this.model, id);
    const grantId = grantIdOf(this.model, id, payload);
    if (grantId) this.addToGrant(grantId, key, expiresAt);
    const record: StoredRecord = { payload: structuredClone(payload) };
    if (payload.consumed) record.consumed = payload.consumed;
    this.store.setUntil(key, record, expiresAt);
    const { uid, userCode } = payload;
    if (uid && UID_MODELS.has(this.model))
      this.store.setUntil(memoryKeys.uid(this.model, uid), id, expiresAt);
    if (userCode && USER_CODE_MODELS.has(this.model)) {
      this.store.setUntil(memoryKeys.userCode(this.model, userCode), id, expiresAt);
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const record = this.store.get<StoredRecord>(memoryKeys.record(this.model, id));
    if (!record) return undefined;
    const found = structuredClone(record.payload);
    if (record.consumed) found.consumed = record.consumed;
    return found;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.store.get<string>(memoryKeys.uid(this.model, uid));
    const found = id ? await this.find(id) : undefined;
    return found?.uid === uid ? found : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = this.store.get<string>(memoryKeys.userCode(this.model, userCode));
    const found = id ? await this.find(id) : undefined;
    return found?.userCode === userCode ? found : undefined;
  }

  async consume(id: string): Promise<void> {
    await this.consumeOnce(id);
  }

  async consumeOnce(id: string): Promise<boolean> {
    // Mutating the stored record in place keeps its expiry, and a missing one is not recreated.
    const record = this.store.get<StoredRecord>(memoryKeys.record(this.model, id));
    if (!record || record.consumed) return false;
    record.consumed = Math.floor(Date.now() / 1000);
    return true;
  }

  async destroy(id: string): Promise<void> {
    const key = memoryKeys.record(this.model, id);
    const record = this.store.get<StoredRecord>(key);
    this.store.delete(key);
    if (!record) return;
    const { uid, userCode } = record.payload;
    if (uid) this.deleteIfPointsAt(memoryKeys.uid(this.model, uid), id);
    if (userCode) this.deleteIfPointsAt(memoryKeys.userCode(this.model, userCode), id);
    const grantId = grantIdOf(this.model, id, record.payload);
    if (grantId) this.store.get<GrantIndex>(memoryKeys.grantIndex(grantId))?.delete(key);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const indexKey = memoryKeys.grantIndex(grantId);
    const members = this.store.get<GrantIndex>(indexKey);
    this.store.delete(indexKey);
    for (const member of members?.keys() ?? []) this.store.delete(member);
  }

  /** Adds a member and extends (never shortens) the index's expiry to cover it; prunes expired members. */
  private addToGrant(grantId: string, memberKey: string, expiresAt: number): void {
    const indexKey = memoryKeys.grantIndex(grantId);
    const index = this.store.get<GrantIndex>(indexKey) ?? new Map<string, number>();
    const now = Date.now();
    for (const [member, memberExpiry] of index) if (memberExpiry <= now) index.delete(member);
    index.set(memberKey, expiresAt);
    const current = this.store.expiresAt(indexKey) ?? 0;
    this.store.setUntil(indexKey, index, Math.max(current, expiresAt));
  }

  private deleteIfPointsAt(lookupKey: string, id: string): void {
    if (this.store.get<string>(lookupKey) === id) this.store.delete(lookupKey);
  }
}
