import type { Config } from '../config.ts';

/** Per-client overrides (client metadata, registered via oidc-provider extraClientMetadata). */
export const CLIENT_TTL_PROPERTIES = ['session_idle_ttl', 'session_absolute_ttl'] as const;

/** A client's lifetime overrides as its registered metadata carries them. */
export interface ClientTtls {
  session_idle_ttl?: unknown;
  session_absolute_ttl?: unknown;
}

const positive = (value: unknown) => (typeof value === 'number' && value > 0 ? value : undefined);
const now = () => Math.floor(Date.now() / 1000);

/** The idle and absolute session lifetimes for a client: its overrides may only shorten the defaults. */
export function lifetimesFor(config: Config, client?: ClientTtls) {
  return {
    idle: Math.min(config.SESSION_IDLE_TTL, positive(client?.session_idle_ttl) ?? Number.POSITIVE_INFINITY),
    absolute: Math.min(
      config.SESSION_ABSOLUTE_TTL,
      positive(client?.session_absolute_ttl) ?? Number.POSITIVE_INFINITY,
    ),
  };
}

/** A client's registered lifetimes (cached metadata), for telling which lifetime ended a session. */
export type ClientTtlsOf = (clientId: string) => Promise<ClientTtls | undefined>;

/**
 * When a session's absolute lifetime ends, epoch seconds: the record's own end when a participating client's
 * session_absolute_ttl cut it there (ttl.Session saved it as login + that lifetime), else login +
 * SESSION_ABSOLUTE_TTL. The record does not say which bound set its `exp`, so the clients' lifetimes do.
 */
export async function absoluteEndOf(
  session: { loginTs: number; exp?: number | undefined; clientIds: readonly string[] },
  absoluteSeconds: number,
  clientTtls?: ClientTtlsOf | undefined,
): Promise<number> {
  const global = session.loginTs + absoluteSeconds;
  const { exp } = session;
  if (typeof exp !== 'number' || exp >= global || !clientTtls) return global;
  for (const clientId of session.clientIds) {
    const own = positive((await clientTtls(clientId))?.session_absolute_ttl);
    // ±1 s: ttl.Session and the save read the clock a tick apart.
    if (own && Math.abs(session.loginTs + own - exp) <= 1) return exp;
  }
  return global;
}

/**
 * ttl.Session: every save of a session (each authorization request, each /session/extend) gives it a
 * fresh idle period, never past its absolute end (login + absolute lifetime).
 */
export function sessionTtl(config: Config) {
  return function sessionTtl(ctx: unknown, session: { loginTs?: number }): number {
    const client = (ctx as { oidc?: { client?: ClientTtls } } | undefined)?.oidc?.client;
    const { idle, absolute } = lifetimesFor(config, client);
    const remaining = session.loginTs ? session.loginTs + absolute - now() : absolute;
    return Math.max(1, Math.min(idle, remaining));
  };
}

/**
 * ttl.RefreshToken: a refresh token lives for the idle period (REFRESH_TOKEN_TTL, or the client's
 * session_idle_ttl), never past the grant's absolute end: chain start (iiat) + REFRESH_TOKEN_TTL, or
 * the client's session_absolute_ttl. Rotation therefore never extends a chain.
 */
export function refreshTokenTtl(config: Config) {
  return function refreshTokenTtl(_ctx: unknown, token: { iiat?: number }, client: ClientTtls): number {
    const idle = Math.min(config.REFRESH_TOKEN_TTL, positive(client?.session_idle_ttl) ?? Infinity);
    const absolute = Math.min(config.REFRESH_TOKEN_TTL, positive(client?.session_absolute_ttl) ?? Infinity);
    const remaining = (token.iiat ?? now()) + absolute - now();
    return Math.max(1, Math.min(idle, remaining));
  };
}

/** extraClientMetadata validator: the overrides must be positive whole seconds. */
export function validateClientTtl(key: string, value: unknown): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new Error(`${key} must be a positive integer number of seconds`);
  }
}
