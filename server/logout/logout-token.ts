import { importJWK, type JWK, SignJWT } from 'jose';
import type { KeyStore } from '../keys/key-store.ts';

/** The event claim that marks a JWT as a back-channel logout token (OIDC Back-Channel Logout 1.0, 2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** What one logout token says. */
export interface LogoutTokenClaims {
  clientId: string;
  sub: string;
  sid?: string | undefined;
  jti: string;
}

export interface LogoutTokenSigner {
  sign(claims: LogoutTokenClaims): Promise<string>;
}

type SigningKey = { kid: string; key: CryptoKey | Uint8Array };

/**
 * Signs logout tokens with the provider's current signing key (newest published key). The token is built at
 * send time: the jti comes from the outbox row (stable across retries), iat/exp are fresh so a late retry is
 * not rejected as expired and no signed token sits at rest in the outbox.
 */
export function createLogoutTokenSigner(options: {
  keys: KeyStore;
  issuer: string;
  /** Lifetime of each token in seconds. */
  ttlSeconds?: number;
  /** How long a loaded key is reused before the key store is asked again (rotation shows up within it). */
  cacheMs?: number;
}): LogoutTokenSigner {
  const ttl = options.ttlSeconds ?? 120;
  const cacheMs = options.cacheMs ?? 10_000;
  let cached: { at: number; key: Promise<SigningKey> } | undefined;

  const currentKey = (): Promise<SigningKey> => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      const key = loadKey(options.keys);
      cached = { at: Date.now(), key };
      // A failed load must not be cached: the next send tries again.
      key.catch(() => {
        if (cached?.key === key) cached = undefined;
      });
    }
    return cached.key;
  };

  return {
    async sign({ clientId, sub, sid, jti }) {
      const { kid, key } = await currentKey();
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
        ...(sid ? { sid } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt', kid })
        .setIssuer(options.issuer)
        .setAudience(clientId)
        .setSubject(sub)
        .setJti(jti)
        .setIssuedAt(now)
        .setExpirationTime(now + ttl)
        .sign(key);
    },
  };
}

async function loadKey(keys: KeyStore): Promise<SigningKey> {
  // Max age 0: only the current key; retired keys still verify but never sign.
  const [current] = await keys.published(0);
  if (!current) throw new Error('no signing key');
  const jwk = current.privateJwk as JWK;
  return { kid: current.kid, key: await importJWK(jwk, 'RS256') };
}
