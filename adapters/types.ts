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
