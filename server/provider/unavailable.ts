import type { Adapter, FindAccount } from 'oidc-provider';
import { isStoreOutage } from '../http/store-outage.ts';

/**
 * An error oidc-provider serialises as `{ error: "temporarily_unavailable" }` with HTTP 503 (its error
 * handler exposes `message` as the OAuth error code when `expose` is set).
 */
export class TemporarilyUnavailable extends Error {
  static readonly code = 'ERR_STORE_UNAVAILABLE';
  readonly code = TemporarilyUnavailable.code;
  readonly expose = true;
  readonly status = 503;
  readonly statusCode = 503;
  readonly error_description = 'a backing store is unavailable, retry shortly';
  constructor(cause: unknown) {
    super('temporarily_unavailable', { cause });
    this.name = 'TemporarilyUnavailable';
  }
}

type Factory = (name: string) => Adapter;

/** Wraps an adapter factory so store failures fail closed as 503 instead of a 500 server_error. */
export function failClosed(factory: Factory): Factory {
  return (name) => {
    const adapter = factory(name);
    const guarded: Record<string, unknown> = {};
    for (const method of [
      'find',
      'findByUid',
      'findByUserCode',
      'upsert',
      'consume',
      'destroy',
      'revokeByGrantId',
    ]) {
      const fn = (adapter as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      guarded[method] = async (...args: unknown[]) => {
        try {
          return await fn.apply(adapter, args);
        } catch (err) {
          throw new TemporarilyUnavailable(err);
        }
      };
    }
    return Object.assign(Object.create(adapter), guarded) as Adapter;
  };
}

/** Wraps oidc-provider's findAccount so an account store outage answers 503 instead of a 500 server_error. */
export function failClosedFindAccount(findAccount: FindAccount): FindAccount {
  return async function findAccountFailClosed(ctx, sub, token) {
    try {
      return await findAccount(ctx, sub, token);
    } catch (err) {
      throw isStoreOutage(err) ? new TemporarilyUnavailable(err) : err;
    }
  };
}
