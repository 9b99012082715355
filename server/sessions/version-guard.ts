import Provider from 'oidc-provider';
import type { AdapterFactory, AdapterPayload, PitbossAdapter } from '../provider/token-store.ts';
import type { SessionVersions } from './session-versions.ts';

/** Stored next to an access token's payload (the library ignores unknown fields on read). */
export const AUTH_TIME_FIELD = 'pitbossAuthTime';

type Payload = AdapterPayload & Record<string, unknown>;

/** When the artefact's chain was authenticated (epoch seconds), per model. */
function authTimeOf(model: string, payload: Payload): number | undefined {
  if (model === 'Session') return payload.loginTs as number | undefined;
  if (model === 'AccessToken') return (payload[AUTH_TIME_FIELD] ?? payload.iat) as number | undefined;
  return payload.authTime as number | undefined;
}

const GUARDED = new Set(['Session', 'AccessToken', 'RefreshToken', 'AuthorizationCode']);

/** The auth time of the grant source behind the access token being issued in this request, if any. */
function sourceAuthTime(): number | undefined {
  const entities = (Provider.ctx as { oidc?: { entities?: Record<string, { authTime?: number }> } })?.oidc
    ?.entities;
  return entities?.RefreshToken?.authTime ?? entities?.AuthorizationCode?.authTime;
}

/**
 * The session-version check at the storage seam, so it holds on every path that loads an artefact
 * (authorization with the session cookie, code exchange, refresh, userinfo, introspection, revocation):
 * a Session, token or code whose authentication predates the account's current session version (or
 * exceeds its session time limit) reads as absent. One cache read per lookup; Postgres only on a miss.
 *
 * A Session past its absolute lifetime reads as absent too.
 *
 * Writes are stamped: an access token keeps its chain's auth time, and a login result gets a timestamp
 * no earlier than the account's notBefore, so a login in the same second as a bump stays valid.
 */
export function guardSessionVersions(
  factory: AdapterFactory,
  versions: SessionVersions,
  options: { sessionAbsoluteSeconds: number },
): AdapterFactory {
  const valid = async (model: string, payload: Payload | undefined) => {
    const accountId = payload?.accountId;
    if (!payload || typeof accountId !== 'string') return payload;
    const authTime = authTimeOf(model, payload);
    // Idle saves keep a session alive one second at a time past its end; the absolute end is final here.
    const ended =
      model === 'Session' && Date.now() / 1000 >= Number(authTime) + options.sessionAbsoluteSeconds;
    if (ended) return undefined;
    const state = await versions.current(accountId);
    if (!state || typeof authTime !== 'number' || authTime < state.notBefore) return undefined;
    if (state.limitMinutes && Date.now() / 1000 - authTime > state.limitMinutes * 60) return undefined;
    return payload;
  };

  return (model) => {
    const inner = factory(model);
    if (!GUARDED.has(model) && model !== 'Interaction') return inner;
    const guarded: Partial<PitbossAdapter> = {
      find: async (id) => valid(model, (await inner.find(id)) as Payload | undefined),
      findByUid: async (uid) => valid(model, (await inner.findByUid(uid)) as Payload | undefined),
      async upsert(id, payload, expiresIn) {
        return inner.upsert(id, await stamp(model, payload as Payload, versions), expiresIn);
      },
    };
    return Object.assign(
      Object.create(inner),
      model === 'Interaction' ? { upsert: guarded.upsert } : guarded,
    );
  };
}

async function stamp(model: string, payload: Payload, versions: SessionVersions): Promise<AdapterPayload> {
  if (model === 'AccessToken' && typeof payload.accountId === 'string') {
    const authTime = sourceAuthTime();
    return authTime ? { ...payload, [AUTH_TIME_FIELD]: authTime } : payload;
  }
  const login = (payload.result as { login?: { accountId?: string; ts?: number } } | undefined)?.login;
  if (model === 'Interaction' && login?.accountId) {
    const ts = await versions.loginTimestamp(login.accountId);
    if (login.ts === undefined || login.ts < ts) {
      const result = { ...(payload.result as object), login: { ...login, ts } };
      return { ...payload, result } as AdapterPayload;
    }
  }
  return payload;
}
