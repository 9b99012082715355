import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent, fetch } from 'undici';
import { ALLOW_HINT, type BackchannelUriPolicy, isGlobalUnicast } from './backchannel-uri-policy.ts';

/** Resolves a host name to every address it has (dns.lookup with all: true). */
export type Resolve = (host: string) => Promise<LookupAddress[]>;

/** A back-channel target refused because its name resolved to a non-global address; never retried. */
export class RefusedTargetError extends Error {
  static readonly code = 'ERR_BACKCHANNEL_TARGET';
  readonly code = RefusedTargetError.code;
}

const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

/**
 * fetch for back-channel logout POSTs. Under the strict policy every connection resolves its host once,
 * inside the connection's own lookup, refuses it unless every address is global unicast, and connects to
 * exactly the addresses it checked: a rebinding name cannot pass a check with one answer and be reached at
 * another. (IP literals never reach the lookup; backchannelUriProblem judges them before the POST.)
 */
export function createGuardedFetch(policy: BackchannelUriPolicy, resolve: Resolve = systemResolve) {
  const dispatcher = policy.allowPrivate
    ? undefined
    : new Agent({
        connect: {
          lookup(hostname, _options, callback) {
            resolve(hostname).then(
              (addresses) => {
                const bad = addresses.find((a) => !isGlobalUnicast(a.address));
                if (bad || addresses.length === 0) {
                  const why = bad ? `resolves to a non-global address (${bad.address})` : 'has no address';
                  callback(
                    new RefusedTargetError(`backchannel_logout_uri host ${hostname} ${why}; ${ALLOW_HINT}`),
                    [],
                  );
                  return;
                }
                callback(null, addresses);
              },
              (err: NodeJS.ErrnoException) => callback(err, []),
            );
          },
        },
      });
  return {
    fetch: (url: string, init: Parameters<typeof fetch>[1]) => fetch(url, { ...init, dispatcher }),
  };
}

/** The RefusedTargetError somewhere in an error's cause chain (undici wraps connect errors). */
export function refusedTarget(err: unknown): RefusedTargetError | undefined {
  for (let e = err; e; e = (e as { cause?: unknown }).cause) if (e instanceof RefusedTargetError) return e;
  return undefined;
}
