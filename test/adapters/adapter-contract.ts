import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TTL_SECONDS } from '../../adapters/redis/keys.ts';
import type { AdapterFactory, AdapterPayload } from '../../server/provider/token-store.ts';

/** `ttlOf` name for a grant index (id = grantId); any other name is a model name. */
export const GRANT_INDEX = 'grant-index';

/** What the contract needs from one storage backend, fresh (empty, isolated) for each test. */
export interface ContractTarget {
  factory: AdapterFactory;
  /** Seconds left on a record's (or a grant index's) key: -1 if it has no TTL, -2 if it is missing. */
  ttlOf(name: string, id: string): Promise<number>;
  /** Every key this target holds that has no expiry (must always be empty). */
  keysWithoutTtl(): Promise<string[]>;
  teardown(): Promise<void>;
}

const MODELS = [
  'Session',
  'Grant',
  'AccessToken',
  'RefreshToken',
  'AuthorizationCode',
  'ClientCredentials',
  'Interaction',
  'ReplayDetection',
  'PushedAuthorizationRequest',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'RegistrationAccessToken',
];

const uid = () => randomUUID();

/** A payload with the shapes JSON round-trips must keep: nested objects, empty arrays, unicode, numbers. */
function samplePayload(kind: string, extra: Partial<AdapterPayload> = {}): AdapterPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    kind,
    jti: uid(),
    iat: now,
    exp: now + 3600,
    clientId: 'studio-1',
    accountId: 'acc-Ω',
    scope: 'openid offline_access',
    amr: [],
    claims: { id_token: { acr: { essential: true } } },
    extra: { nested: { list: [1, 'two', { three: 3 }], empty: {} } },
    ...extra,
  };
}

/** The oidc-provider storage contract, run against every adapter Pitboss ships. */
export function adapterContract(label: string, setup: () => Promise<ContractTarget>): void {
  describe(`adapter contract: ${label}`, () => {
    let t: ContractTarget;
    beforeEach(async () => {
      t = await setup();
    });
    afterEach(async () => {
      await t.teardown();
    });

    it('round-trips payloads for every model name, each model in its own namespace', async () => {
      const id = uid();
      const written = new Map(MODELS.map((model) => [model, samplePayload(model)]));
      for (const [model, payload] of written) await t.factory(model).upsert(id, payload, 300);
      for (const [model, payload] of written) expect(await t.factory(model).find(id), model).toEqual(payload);
      await t.factory('AccessToken').upsert(id, samplePayload('AccessToken', { scope: 'replaced' }), 300);
      expect((await t.factory('AccessToken').find(id))?.scope).toBe('replaced');
      expect((await t.factory('RefreshToken').find(id))?.scope).toBe('openid offline_access');
    });

    it('finds nothing for unknown ids, uids and user codes', async () => {
      expect(await t.factory('AccessToken').find(uid())).toBeUndefined();
      expect(await t.factory('Session').findByUid(uid())).toBeUndefined();
      expect(await t.factory('DeviceCode').findByUserCode('NOPE-NOPE')).toBeUndefined();
    });

    it('honours expiresIn: a record is gone after it expires, lookups too', async () => {
      const id = uid();
      const sessionUid = uid();
      await t.factory('AccessToken').upsert(id, samplePayload('AccessToken'), 1);
      await t.factory('Session').upsert(id, samplePayload('Session', { uid: sessionUid }), 1);
      expect(await t.factory('AccessToken').find(id)).toBeDefined();
      await sleep(1200);
      expect(await t.factory('AccessToken').find(id)).toBeUndefined();
      expect(await t.factory('Session').findByUid(sessionUid)).toBeUndefined();
      expect(await t.ttlOf('AccessToken', id)).toBe(-2);
    });

    it('sets a TTL on every key it writes, defaulting when expiresIn is missing', async () => {
      const [grantId, session, at, rt, code, device, cc] = [uid(), uid(), uid(), uid(), uid(), uid(), uid()];
      await t.factory('Grant').upsert(grantId, samplePayload('Grant', { accountId: 'a' }), 3600);
      await t.factory('Session').upsert(session, samplePayload('Session', { uid: uid() }), 1800);
      await t.factory('AccessToken').upsert(at, samplePayload('AccessToken', { grantId }), 600);
      await t.factory('RefreshToken').upsert(rt, samplePayload('RefreshToken', { grantId }), 1209600);
      await t.factory('AuthorizationCode').upsert(code, samplePayload('AuthorizationCode', { grantId }), 60);
      await t
        .factory('DeviceCode')
        .upsert(device, samplePayload('DeviceCode', { grantId, userCode: 'ABCD-EFGH' }), 600);
      await t.factory('ClientCredentials').upsert(cc, samplePayload('ClientCredentials'));
      await t.factory('RefreshToken').consume(rt);
      expect(await t.keysWithoutTtl()).toEqual([]);
      for (const [model, id] of [
        ['Grant', grantId],
        ['Session', session],
        ['AccessToken', at],
        ['RefreshToken', rt],
        ['AuthorizationCode', code],
        ['DeviceCode', device],
        [GRANT_INDEX, grantId],
      ] as const) {
        expect(await t.ttlOf(model, id), `${model} TTL`).toBeGreaterThan(0);
      }
      const fallback = await t.ttlOf('ClientCredentials', cc);
      expect(fallback).toBeGreaterThan(DEFAULT_TTL_SECONDS - 60);
      expect(fallback).toBeLessThanOrEqual(DEFAULT_TTL_SECONDS);
    });

    it('finds sessions by uid and device codes by user code', async () => {
      const [sid, sessionUid, device] = [uid(), uid(), uid()];
      await t.factory('Session').upsert(sid, samplePayload('Session', { uid: sessionUid }), 300);
      await t
        .factory('DeviceCode')
        .upsert(device, samplePayload('DeviceCode', { userCode: 'WXYZ-1234' }), 300);
      expect((await t.factory('Session').findByUid(sessionUid))?.uid).toBe(sessionUid);
      expect((await t.factory('DeviceCode').findByUserCode('WXYZ-1234'))?.userCode).toBe('WXYZ-1234');
    });

    it('consume marks the record consumed and keeps its TTL', async () => {
      const id = uid();
      await t.factory('RefreshToken').upsert(id, samplePayload('RefreshToken'), 100);
      expect(await t.factory('RefreshToken').consume(id)).toBeUndefined();
      const found = await t.factory('RefreshToken').find(id);
      expect(found?.consumed).toBeTruthy();
      expect(found?.scope).toBe('openid offline_access');
      const ttl = await t.ttlOf('RefreshToken', id);
      expect(ttl).toBeGreaterThan(90);
      expect(ttl).toBeLessThanOrEqual(100);
    });

    it('consume of a missing or expired record does not recreate it', async () => {
      const [missing, expiring] = [uid(), uid()];
      await t.factory('AuthorizationCode').consume(missing);
      await t.factory('AuthorizationCode').upsert(expiring, samplePayload('AuthorizationCode'), 1);
      await sleep(1200);
      await t.factory('AuthorizationCode').consume(expiring);
      expect(await t.factory('AuthorizationCode').consumeOnce(expiring)).toBe(false);
      for (const id of [missing, expiring]) {
        expect(await t.factory('AuthorizationCode').find(id)).toBeUndefined();
        expect(await t.ttlOf('AuthorizationCode', id)).toBe(-2);
      }
      expect(await t.keysWithoutTtl()).toEqual([]);
    });

    it('consumeOnce succeeds for exactly one of 20 concurrent calls', async () => {
      const id = uid();
      await t.factory('RefreshToken').upsert(id, samplePayload('RefreshToken'), 300);
      const adapters = Array.from({ length: 20 }, () => t.factory('RefreshToken'));
      const results = await Promise.all(adapters.map((a) => a.consumeOnce(id)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await t.factory('RefreshToken').consumeOnce(id)).toBe(false);
      const preConsumed = uid();
      await t
        .factory('RefreshToken')
        .upsert(preConsumed, samplePayload('RefreshToken', { consumed: 1 }), 300);
      expect(await t.factory('RefreshToken').consumeOnce(preConsumed)).toBe(false);
    });

    it('destroy removes the record and its lookups, and nothing else', async () => {
      const [sid, other, sessionUid] = [uid(), uid(), uid()];
      await t.factory('Session').upsert(sid, samplePayload('Session', { uid: sessionUid }), 300);
      await t.factory('Session').upsert(other, samplePayload('Session', { uid: uid() }), 300);
      await t.factory('Session').destroy(sid);
      expect(await t.factory('Session').find(sid)).toBeUndefined();
      expect(await t.factory('Session').findByUid(sessionUid)).toBeUndefined();
      expect(await t.ttlOf('Session', sid)).toBe(-2);
      expect(await t.factory('Session').find(other)).toBeDefined();
      await t.factory('Session').destroy(uid());
    });

    it('revokeByGrantId removes every token of the grant and only that grant', async () => {
      const [g1, g2] = [uid(), uid()];
      const bound = ['AccessToken', 'RefreshToken', 'AuthorizationCode', 'DeviceCode'];
      const ids = new Map(bound.map((m) => [m, { g1: uid(), g2: uid() }]));
      for (const [grantId, key] of [
        [g1, 'g1'],
        [g2, 'g2'],
      ] as const) {
        await t.factory('Grant').upsert(grantId, samplePayload('Grant'), 3600);
        for (const model of bound) {
          const extra = { grantId, ...(model === 'DeviceCode' ? { userCode: `UC-${key}` } : {}) };
          await t.factory(model).upsert(ids.get(model)![key], samplePayload(model, extra), 600);
        }
      }
      await t.factory('AccessToken').revokeByGrantId(g1);
      expect(await t.factory('Grant').find(g1)).toBeUndefined();
      expect(await t.factory('Grant').find(g2)).toBeDefined();
      for (const model of bound) {
        expect(await t.factory(model).find(ids.get(model)!.g1), `${model} of g1`).toBeUndefined();
        expect(await t.factory(model).find(ids.get(model)!.g2), `${model} of g2`).toBeDefined();
      }
      expect(await t.factory('DeviceCode').findByUserCode('UC-g1')).toBeUndefined();
      expect(await t.factory('DeviceCode').findByUserCode('UC-g2')).toBeDefined();
      expect(await t.ttlOf(GRANT_INDEX, g1)).toBe(-2);
      expect(await t.ttlOf(GRANT_INDEX, g2)).toBeGreaterThan(0);
      await t.factory('RefreshToken').revokeByGrantId(g1);
    });

    it('keeps the grant index alive at least as long as its longest member, never shortening it', async () => {
      const grantId = uid();
      await t.factory('AccessToken').upsert(uid(), samplePayload('AccessToken', { grantId }), 60);
      expect(await t.ttlOf(GRANT_INDEX, grantId)).toBeGreaterThanOrEqual(59);
      const rt = uid();
      await t.factory('RefreshToken').upsert(rt, samplePayload('RefreshToken', { grantId }), 5000);
      const longest = await t.ttlOf('RefreshToken', rt);
      expect(await t.ttlOf(GRANT_INDEX, grantId)).toBeGreaterThanOrEqual(longest);
      await t.factory('AccessToken').upsert(uid(), samplePayload('AccessToken', { grantId }), 5);
      expect(await t.ttlOf(GRANT_INDEX, grantId)).toBeGreaterThanOrEqual(await t.ttlOf('RefreshToken', rt));
      expect(await t.ttlOf(GRANT_INDEX, grantId)).toBeGreaterThan(4990);
    });
  });
}
