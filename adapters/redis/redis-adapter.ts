import type { Cluster, Redis } from 'ioredis';
import type { AdapterFactory, AdapterPayload, PitbossAdapter } from '../../server/provider/token-store.ts';
import {
  createKeys,
  GRANT_INDEX_GRACE_MS,
  grantIdOf,
  type RedisKeys,
  ttlMsFor,
  UID_MODELS,
  USER_CODE_MODELS,
} from './keys.ts';
import { runScript, scripts } from './lua/scripts.ts';
import { decodeRecord, encodeRecord } from './record-format.ts';

/**
 * oidc-provider storage on Redis or Redis Cluster (key scheme in keys.ts). Each command or script touches
 * one key; writes that span keys are issued key by key. Redis errors reject as they come: the server
 * maps them to 503, so nothing here retries or swallows.
 */
export function createRedisAdapter(redis: Redis | Cluster, options: { prefix: string }): AdapterFactory {
  const keys = createKeys(options.prefix);
  return (model) => new RedisAdapter(redis, keys, model);
}

class RedisAdapter implements PitbossAdapter {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: RedisKeys,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const ttl = ttlMsFor(expiresIn);
    const key = this.keys.record(this.model, id);
    const grantId = grantIdOf(this.model, id, payload);
    // Index before record: a failure in between leaves an index entry for a token that does not exist
    // (harmless), never a live token that revokeByGrantId cannot find.
    if (grantId) {
      const index = this.keys.grantIndex(grantId);
      const member = this.keys.grantMember(this.model, id);
      await runScript(this.redis, scripts.grantIndexAdd, index, [member, ttl, GRANT_INDEX_GRACE_MS]);
    }
    // One SET with its TTL replaces the record whole (an earlier consumed mark, or a record of the hash format).
    const value = encodeRecord(this.compact(id, payload), payload.consumed || undefined);
    const writes: Promise<unknown>[] = [this.redis.set(key, value, 'PX', ttl)];
    const { uid, userCode } = payload;
    if (uid && UID_MODELS.has(this.model)) {
      writes.push(this.redis.set(this.keys.uid(this.model, uid), id, 'PX', ttl));
    }
    if (userCode && USER_CODE_MODELS.has(this.model)) {
      writes.push(this.redis.set(this.keys.userCode(this.model, userCode), id, 'PX', ttl));
    }
    await Promise.all(writes);
  }

  /** The stored payload and consumed mark, in the string format (record-format.ts) or the earlier hash one. */
  private async read(key: string): Promise<{ payload: AdapterPayload; consumed?: unknown } | undefined> {
    let value: string | null;
    try {
      value = await this.redis.get(key);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('WRONGTYPE')) throw err;
      // Written before 2026-11-30 as a hash { payload, consumed? }; gone when its TTL ends.
      const [payload, consumed] = await this.redis.hmget(key, 'payload', 'consumed');
      if (payload == null) return undefined;
      return { payload: JSON.parse(payload), ...(consumed != null && { consumed: JSON.parse(consumed) }) };
    }
    return value == null
      ? undefined
      : (decodeRecord(value) as { payload: AdapterPayload; consumed?: unknown });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const stored = await this.read(this.keys.record(this.model, id));
    if (!stored) return undefined;
    const found = stored.payload;
    if (stored.consumed !== undefined) found.consumed = stored.consumed as AdapterPayload['consumed'];
    // Restores what compact() left out (records written before it carry both already).
    found.kind ??= this.model;
    found.jti ??= id;
    return found;
  }

  /** The payload without `kind` and `jti` when they only repeat the model and the key's id (~70 bytes). */
  private compact(id: string, payload: AdapterPayload): AdapterPayload {
    const { kind, jti, ...rest } = payload;
    if (kind !== undefined && kind !== this.model) rest.kind = kind;
    if (jti !== undefined && jti !== id) rest.jti = jti;
    return rest;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = await this.redis.get(this.keys.uid(this.model, uid));
    const found = id ? await this.find(id) : undefined;
    // A lookup may outlive a change of the record's uid; trust the record, not the lookup.
    return found?.uid === uid ? found : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = await this.redis.get(this.keys.userCode(this.model, userCode));
    const found = id ? await this.find(id) : undefined;
    return found?.userCode === userCode ? found : undefined;
  }

  async consume(id: string): Promise<void> {
    await this.consumeOnce(id);
  }

  async consumeOnce(id: string): Promise<boolean> {
    const now = Math.floor(Date.now() / 1000);
    const result = await runScript(this.redis, scripts.consume, this.keys.record(this.model, id), [
      String(now),
    ]);
    return result === 1;
  }

  async destroy(id: string): Promise<void> {
    const key = this.keys.record(this.model, id);
    const stored = await this.read(key);
    await this.redis.unlink(key);
    if (!stored) return;
    const { payload } = stored;
    const cleanup: Promise<unknown>[] = [];
    if (payload.uid && UID_MODELS.has(this.model)) {
      cleanup.push(runScript(this.redis, scripts.delIfEquals, this.keys.uid(this.model, payload.uid), [id]));
    }
    if (payload.userCode && USER_CODE_MODELS.has(this.model)) {
      const lookup = this.keys.userCode(this.model, payload.userCode);
      cleanup.push(runScript(this.redis, scripts.delIfEquals, lookup, [id]));
    }
    const grantId = grantIdOf(this.model, id, payload);
    if (grantId) {
      // Both member formats: the record may have been indexed before members were shortened.
      const member = this.keys.grantMember(this.model, id);
      cleanup.push(this.redis.zrem(this.keys.grantIndex(grantId), member, key));
    }
    await Promise.all(cleanup);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const members = (await runScript(
      this.redis,
      scripts.takeGrantIndex,
      this.keys.grantIndex(grantId),
      [],
    )) as string[] | null;
    // Members name records in other slots, so one UNLINK each. uid/userCode lookups of deleted records are left to
    // expire: findByUid/findByUserCode re-read the record and find nothing.
    const keys = (members ?? []).map((member) => this.keys.memberKey(grantId, member));
    await Promise.all(keys.filter((key) => key !== undefined).map((key) => this.redis.unlink(key)));
  }
}
