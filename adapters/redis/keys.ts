import { DEFAULT_TTL_SECONDS, ttlMsFor } from '../../server/provider/token-store.ts';

export { DEFAULT_TTL_SECONDS, ttlMsFor };
/**
 * The whole Redis key scheme. Layout (prefix `pb:` by default, `{...}` is the Cluster hash tag):
 *
 *   pb:<Model>:{<id>}                     record: string, the payload JSON, or `<consumed epoch s>\n<JSON>` once
 *                                         consumed; records written before 2026-11-30 are hashes { payload,
 *                                         consumed? } and are still read, consumed and deleted
 *   pb:idx:grant:{<grantId>}              grant index: ZSET of members naming records (grantMember), score =
 *                                         member expiry (ms); indexes written before 2026-11-24 hold full
 *                                         record keys as members, which memberKey still understands
 *   pb:idx:<Model>:uid:{<uid>}            lookup: string holding the record id (Session)
 *   pb:idx:<Model>:userCode:{<userCode>}  lookup: string holding the record id (DeviceCode)
 *
 * `find(id)` knows only the id, so a record is tagged by its own id and cannot share its grant's slot.
 * The grant index is tagged by the grant id, so it shares a slot with the `Grant` record only. Every
 * script and MULTI therefore touches exactly one key; cross-slot work is done key by key.
 */

/** Models whose records belong to a grant (payload.grantId) and die with it in revokeByGrantId. */
export const GRANT_BOUND_MODELS: ReadonlySet<string> = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/** The Grant record is indexed under its own id, so revoking a grant removes the grant too. */
export const GRANT_MODEL = 'Grant';

/** Models oidc-provider consumes (single use); informative, `consume` works on any model. */
export const CONSUMABLE_MODELS: ReadonlySet<string> = new Set([
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
  'PushedAuthorizationRequest',
]);

/** Models oidc-provider looks up by `uid` (findByUid). */
export const UID_MODELS: ReadonlySet<string> = new Set(['Session']);

/** Models oidc-provider looks up by `userCode` (findByUserCode). */
export const USER_CODE_MODELS: ReadonlySet<string> = new Set(['DeviceCode']);

/**
 * TTL used when oidc-provider passes no `expiresIn`: 30 days, longer than any lifetime Pitboss configures
 * by default (refresh tokens: 14 days) so it never cuts a record short, yet no key lives forever.
 */

/**
 * Extra life of a grant index beyond its longest member: the member is written after its index entry
 * (in a cluster, on another node), so without it the index could expire a moment before the member.
 */
export const GRANT_INDEX_GRACE_MS = 5000;

/** The grant a record belongs to for indexing purposes, if any. */
export function grantIdOf(
  model: string,
  id: string,
  payload: { grantId?: string | undefined },
): string | undefined {
  if (model === GRANT_MODEL) return id;
  return GRANT_BOUND_MODELS.has(model) ? payload.grantId : undefined;
}

/**
 * One-letter codes for grant index members: `R:<id>` instead of `pb:RefreshToken:{<id>}`, and the grant
 * itself as `G` (its id is the index's), which keeps the index small (a listpack) and saves ~60 bytes a
 * member. Ids are base64url, so a member never contains `{`, unlike the full keys used as members before.
 */
const MEMBER_CODES: Readonly<Record<string, string>> = {
  AccessToken: 'A',
  AuthorizationCode: 'C',
  RefreshToken: 'R',
  DeviceCode: 'D',
  BackchannelAuthenticationRequest: 'B',
  PreAuthorizedCode: 'P',
};
const MODEL_OF_CODE: ReadonlyMap<string, string> = new Map(
  Object.entries(MEMBER_CODES).map(([model, code]) => [code, model]),
);

export interface RedisKeys {
  record(model: string, id: string): string;
  grantIndex(grantId: string): string;
  /** The grant index member naming this record (the full key for a model without a code). */
  grantMember(model: string, id: string): string;
  /** The record key a grant index member names, in the current or the earlier (full key) format. */
  memberKey(grantId: string, member: string): string | undefined;
  uid(model: string, uid: string): string;
  userCode(model: string, userCode: string): string;
  /** Glob matching every key under this prefix (tests and cleanup). */
  readonly pattern: string;
}

/** Key builders for one prefix; the prefix must not contain braces or it would hijack the hash tag. */
export function createKeys(prefix: string): RedisKeys {
  if (/[{}]/.test(prefix)) throw new TypeError(`Redis key prefix must not contain { or }: ${prefix}`);
  return {
    record: (model, id) => `${prefix}${model}:{${id}}`,
    grantIndex: (grantId) => `${prefix}idx:grant:{${grantId}}`,
    grantMember(model, id) {
      if (model === GRANT_MODEL) return 'G';
      const code = MEMBER_CODES[model];
      return code ? `${code}:${id}` : this.record(model, id);
    },
    memberKey(grantId, member) {
      if (member.includes('{')) return member; // an earlier full-key member (or a model without a code)
      if (member === 'G') return this.record(GRANT_MODEL, grantId);
      const model = MODEL_OF_CODE.get(member.slice(0, 1));
      return model && member[1] === ':' ? this.record(model, member.slice(2)) : undefined;
    },
    uid: (model, uid) => `${prefix}idx:${model}:uid:{${uid}}`,
    userCode: (model, userCode) => `${prefix}idx:${model}:userCode:{${userCode}}`,
    pattern: `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
  };
}
