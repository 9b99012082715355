import type { Adapter, AdapterPayload } from 'oidc-provider';

export type { AdapterPayload };

/**
 * oidc-provider's storage adapter plus an atomic consume. `consume` keeps the library's contract
 * (resolves undefined); `consumeOnce` tells the caller whether *this* call consumed the record, which is
 * what closes the find-then-consume race on refresh tokens and authorization codes.
 */
export interface PitbossAdapter extends Adapter {
  /** Marks the record consumed; resolves true only for the one call that did it (false if already consumed or missing). */
  consumeOnce(id: string): Promise<boolean>;
}

/** Builds the adapter for one oidc-provider model name (`AccessToken`, `Session`, ...). */
export type AdapterFactory = (name: string) => PitbossAdapter;

/** Lifetime of a record saved without a usable expiresIn (30 days). */
export const DEFAULT_TTL_SECONDS = 30 * 24 * 60 * 60;

/** Milliseconds to keep a record: `expiresIn` seconds when usable, else the default; never zero or negative. */
export function ttlMsFor(expiresIn: number | undefined): number {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) return DEFAULT_TTL_SECONDS * 1000;
  // An already-expired record still gets a key that vanishes at once, rather than an invalid PX 0.
  return Math.max(1, Math.ceil(expiresIn * 1000));
}
