import type { Adapter } from 'oidc-provider';
import { type GrantIndex, indexGrants } from '../sessions/grant-index.ts';
import { indexSessions, type SessionIndexHookOptions } from '../sessions/session-index-hook.ts';
import type { SessionVersions } from '../sessions/session-versions.ts';
import type { SessionTerminator } from '../sessions/terminate.ts';
import { guardSessionVersions } from '../sessions/version-guard.ts';
import { routeEndingsThroughTerminator } from './endings-layer.ts';
import { skipOtherKinds } from './token-kinds.ts';
import type { AdapterFactory } from './token-store.ts';
import { failClosed } from './unavailable.ts';

export interface TokenStoreLayers {
  /** What oidc-provider is given (layer 1 and down). */
  provider: (name: string) => Adapter;
  /** Layers 6-7: what the terminator (and only it) reads and deletes through. */
  beneathGuard: AdapterFactory;
  /** Layers 3-7 without fail-closed (session admin reads records through the version guard). */
  guarded: AdapterFactory;
}

/**
 * The token store oidc-provider uses, layer by layer, outermost first. Each layer is one wrapper around the
 * AdapterFactory below it; this is the only place they are put together (server, CLI and tests alike).
 *
 *   1. failClosed (unavailable.ts)            a store failure answers 503 temporarily_unavailable, never 500
 *   2. clients (clients/client-adapter.ts)    the Client model reads the client cache, not the token store
 *   2a. token kinds (token-kinds.ts)          an access, client credentials or refresh token id of another
 *                                             kind's length reads as absent without a store call
 *   3. endings (endings-layer.ts)             end_session, /token/revocation and refresh-token reuse end
 *                                             through the SessionTerminator, so RPs are told and it is audited
 *   4. grant index (sessions/grant-index.ts)  every saved Grant is indexed per account (offline grants)
 *   5. version guard (sessions/version-guard.ts) artefacts older than the account's session version, or past
 *                                             its time limit, read as absent
 *   6. session index (sessions/session-index-hook.ts) every saved Session is indexed per account (+ cap)
 *   7. the store (adapters/create-stores.ts)  Redis or memory
 */
export function layerTokenStore(input: {
  store: AdapterFactory;
  sessionIndex: SessionIndexHookOptions;
  versions: SessionVersions;
  sessionAbsoluteSeconds: number;
  grantIndex: GrantIndex;
  /** Built on layers 6-7 (a stale session must stay readable to be ended). */
  terminator: (beneathGuard: AdapterFactory) => SessionTerminator;
  clients: Adapter;
}): TokenStoreLayers & { terminator: SessionTerminator } {
  const beneathGuard = indexSessions(input.store, input.sessionIndex); // 6 over 7
  const terminator = input.terminator(beneathGuard);
  const versioned = guardSessionVersions(beneathGuard, input.versions, {
    sessionAbsoluteSeconds: input.sessionAbsoluteSeconds,
  }); // 5
  const indexed = indexGrants(versioned, input.grantIndex); // 4
  const guarded = routeEndingsThroughTerminator(indexed, terminator); // 3
  const byKind = skipOtherKinds(guarded); // 2a
  const provider = failClosed((name) => (name === 'Client' ? input.clients : byKind(name))); // 2, 1
  return { provider, beneathGuard, guarded, terminator };
}
