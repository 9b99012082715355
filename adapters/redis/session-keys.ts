/**
 * Redis keys owned by server/sessions (the OIDC records themselves are in keys.ts). Layout, prefix `pb:`:
 *
 *   pb:<namespace>:{<key>}              expiring string (succ: refresh successors, ver: session versions)
 *   pb:sess:{<accountId>}               ZSET of session uids, score = absolute expiry (epoch ms)
 *   pb:sessmeta:{<accountId>}:<uid>     HASH of one session's metadata (created, last active, ip, ...)
 *
 * The index and its metadata hashes share the account's hash tag, so one MULTI can write both in Cluster.
 */
export interface SessionKeys {
  value(namespace: string, key: string): string;
  sessionIndex(accountId: string): string;
  sessionMeta(accountId: string, uid: string): string;
}

/** Key builders for one prefix (same brace rule as keys.ts). */
export function createSessionKeys(prefix: string): SessionKeys {
  if (/[{}]/.test(prefix)) throw new TypeError(`Redis key prefix must not contain { or }: ${prefix}`);
  return {
    value: (namespace, key) => `${prefix}${namespace}:{${key}}`,
    sessionIndex: (accountId) => `${prefix}sess:{${accountId}}`,
    sessionMeta: (accountId, uid) => `${prefix}sessmeta:{${accountId}}:${uid}`,
  };
}
