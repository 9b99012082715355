import { z } from 'zod';
import { keyBytes, weakKeyReason } from './keys/key-strength.ts';

/** Thrown when the environment does not describe a valid configuration; names the bad variable. */
export class ConfigError extends Error {
  static readonly code = 'ERR_CONFIG';
  readonly code = ConfigError.code;
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalSeconds = () => z.coerce.number().int().nonnegative().optional();

/**
 * Every environment variable Pitboss reads, with its default and meaning.
 * The README configuration table is written from this list; keep the descriptions user-facing.
 */
export const configSchema = z.object({
  /** TCP port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public issuer URL; required in production, and https there except for localhost. */
  ISSUER: z.url().default('http://localhost:3000'),
  /** Postgres connection string. Unset: embedded PGlite in ./.data (single instance only). */
  DATABASE_URL: z.string().min(1).optional(),
  /** Redis URL (redis://host:port/db). Unset (and no cluster nodes): in-process memory store. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Comma-separated host:port list of Redis Cluster nodes; takes precedence over REDIS_URL. */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^,:\s]+:\d+(,[^,:\s]+:\d+)*$/, 'must be host:port[,host:port...]')
    .optional(),
  /** Prefix for every Redis key, so several deployments (or tests) can share one Redis. */
  REDIS_PREFIX: z.string().default('pb:'),
  /**
   * Comma-separated secrets for signing cookies; the first signs, all verify (and derives, through HKDF with
   * a label per purpose, the CSRF secret, the console's client secret and other internal keys). No empty
   * entries. Required in production, each at least 32 random bytes (hex, base64 or text), not a pattern.
   */
  COOKIE_KEYS: z.string().min(1).optional(),
  /** Session idle timeout in seconds (sliding). */
  SESSION_IDLE_TTL: seconds(30 * 60),
  /** Session absolute lifetime in seconds. */
  SESSION_ABSOLUTE_TTL: seconds(12 * 60 * 60),
  /** Access token lifetime in seconds. */
  ACCESS_TOKEN_TTL: seconds(10 * 60),
  /** Refresh token lifetime in seconds (also bounded by the session's absolute lifetime). */
  REFRESH_TOKEN_TTL: seconds(14 * 24 * 60 * 60),
  /** ID token lifetime in seconds. */
  ID_TOKEN_TTL: seconds(10 * 60),
  /** Maximum concurrent sessions per account; unset means unlimited. */
  MAX_SESSIONS_PER_ACCOUNT: optionalSeconds(),
  /** Seconds a back-channel logout delivery is retried (with backoff) before it is marked failed. */
  BACKCHANNEL_DEADLINE: seconds(24 * 60 * 60),
  /**
   * Allow back-channel logout URIs on any address. When false only global unicast addresses are reached
   * (loopback, private, CGNAT, link-local incl. cloud metadata, multicast, broadcast, NAT64, 6to4 and other
   * special-purpose ranges refused), checked at registration and, for host names, inside each connection's
   * own DNS lookup so the checked address is the connected one (SSRF guard). Default: true when the ISSUER
   * host is localhost or 127.0.0.1, else false.
   */
  BACKCHANNEL_ALLOW_PRIVATE: z.stringbool().optional(),
  /**
   * Refresh-token overlap window in seconds (0 = off). Within it, presenting an already-rotated refresh
   * token again returns the same successor (an honest retry after a lost response, or two browser tabs
   * refreshing at once) instead of revoking the grant; after it, reuse revokes the whole grant and sends
   * that RP back-channel logout (reason refresh_reuse). 30 s, as FAPI 2.0 expects an honest retry to work.
   */
  REFRESH_REUSE_WINDOW: z.coerce.number().int().nonnegative().max(300).default(30),
  /** Trust X-Forwarded-* headers from a reverse proxy (true/false). */
  TRUST_PROXY: z.stringbool().default(false),
  /**
   * With TRUST_PROXY: how many proxies in front of Pitboss append to X-Forwarded-For. The client IP is the
   * entry that many places from the right (entries further left are written by the client and ignored) and
   * must parse as an IP address, else the connecting address is used.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** Failed sign-ins allowed per account (by normalised email, known or not) per window before lockout. */
  LOGIN_ACCOUNT_MAX_FAILURES: seconds(5),
  /** Sign-in attempts allowed per client IP per window before that IP is locked out. */
  LOGIN_IP_MAX_ATTEMPTS: seconds(50),
  /** Window in seconds over which sign-in attempts are counted. */
  LOGIN_WINDOW_SECONDS: seconds(15 * 60),
  /** Seconds an account or IP stays locked out once over its limit (answers 429 with Retry-After). */
  LOGIN_LOCKOUT_SECONDS: seconds(15 * 60),
  /** Base delay in ms before checking a repeated sign-in attempt; doubles per failure, capped at 8x. */
  LOGIN_DELAY_MS: z.coerce.number().int().min(0).max(5000).default(250),
  /**
   * Length of an account's first MFA lockout (after 10 wrong codes within 15 minutes, counted before each
   * check); every further lockout within 24 hours doubles it, up to a day. Audited as mfa.lockout.
   */
  MFA_LOCKOUT_SECONDS: seconds(15 * 60),
  /**
   * Token endpoint requests per minute per caller across all instances: per (client, IP) when the client
   * authenticates with HTTP Basic, else per IP. Never a per-client cap, so one public app's players do not
   * share it. Requests that fail client authentication are not counted here. 0 disables the limit.
   */
  TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().nonnegative().default(6000),
  /** Failed client authentications at the token endpoint per IP per minute; over it that IP waits 5 minutes. 0 disables. */
  TOKEN_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().nonnegative().default(20),
  /** Admin API requests per bearer token per minute across all instances; 0 disables the limit. */
  ADMIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().nonnegative().default(300),
  /**
   * Bearer token required to read GET /metrics (at least 16 characters). Required in production; in
   * development and tests, unset leaves /metrics open.
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Base64 AES-256 key (32 random bytes) encrypting TOTP secrets at rest; all-zero or repeated-byte keys are
   * refused. Unset: generated once in DATA_DIR. Required in production.
   */
  MFA_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(v), {
      message: 'must be 32 bytes, base64-encoded',
    })
    .refine((v) => !weakKeyReason(Buffer.from(v, 'base64')), {
      message: 'is a repeated byte pattern, not a random key (e.g. openssl rand -base64 32)',
    })
    .optional(),
  /** Seconds a relaxed or removed responsible-gambling limit waits before it applies (cooling-off; stricter ones apply at once). */
  RG_COOLING_OFF: seconds(24 * 60 * 60),
  /** Seconds before an idle, absolute or time-limit end that the live event `session.expiring` is sent. */
  RG_WARNING_BEFORE: seconds(5 * 60),
  /** Seconds between heartbeat comments on `GET /session/events` (keeps proxies from closing idle streams). */
  LIVE_HEARTBEAT_SECONDS: seconds(15),
  /** National exclusion register (HTTP JSON, see README). Unset: no register is asked. */
  EXCLUSION_REGISTER_URL: z.url().optional(),
  /** Seconds a "not excluded" answer is trusted on refresh before the register is asked again (sign-in always asks). */
  EXCLUSION_REGISTER_TTL: seconds(24 * 60 * 60),
  /** When the register cannot be asked: `closed` refuses sign-in and refresh (503 on the token endpoint), `open` lets them through; both audited. */
  EXCLUSION_REGISTER_FAIL: z.enum(['closed', 'open']).default('closed'),
  /** Milliseconds to wait for the register's answer before counting it as unreachable. */
  EXCLUSION_REGISTER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /**
   * Directory for embedded-default state (PGlite data, its socket, generated keys): created 0700 with files
   * 0600; start-up refuses one that another user owns or that group/others can access.
   */
  /** WebAuthn relying-party id for passkeys: the issuer's host or a registrable suffix of it. Default: the ISSUER host. */
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a host name (no scheme, port or path)')
    .optional(),
  /**
   * Comma-separated further origins passkey ceremonies may come from (each within WEBAUTHN_RP_ID, e.g. a
   * casino's own site on a subdomain). The ISSUER origin, where the sign-in pages are, is always accepted.
   */
  WEBAUTHN_ORIGINS: z.string().min(1).optional(),
  /**
   * Ask a player who has a second factor for it when signing in from a browser not used with the account
   * before (recognised by a long-lived signed device cookie), even when the client does not require it; such
   * sign-ins are audited as login.new_device either way. false: the second factor is asked only when the
   * account, the client or the request (acr_values) requires it.
   */
  NEW_DEVICE_MFA: z.stringbool().default(true),
  /** Directory for embedded-default state (PGlite data, its socket, generated cookie keys). */
  DATA_DIR: z.string().default('./.data'),
  /**
   * SMTP server for player mail (smtp:// or smtps://user:pass@host:port). Plain SMTP without TLS or auth is
   * allowed only to loopback hosts (elsewhere STARTTLS is required). Unset in development: each mail is
   * written as an .eml file under DATA_DIR/mail/ and its link logged. Required in production.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From: of every mail. */
  MAIL_FROM: z.string().min(3).default('Pitboss <no-reply@localhost>'),
  /** An unverified email address cannot finish a sign-in (the page offers to resend the link). */
  REQUIRE_EMAIL_VERIFICATION: z.stringbool().default(true),
  /** Seconds a password reset link stays valid (single use). */
  RESET_TOKEN_TTL: seconds(30 * 60),
  /** Seconds an email verification link stays valid (single use). */
  VERIFY_TOKEN_TTL: seconds(24 * 60 * 60),
  /** Minimum age to register, in years; a brand may raise it (never lower). */
  MIN_AGE: z.coerce.number().int().min(16).max(25).default(18),
  /** Serve the demo casino app (/demo) that signs in through Pitboss. Default: on in development only. */
  DEMO_LOBBY: z.stringbool().optional(),
  /** development | production | test. Production refuses embedded defaults and insecure issuers. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Config = Readonly<z.infer<typeof configSchema>> & {
  readonly cookieKeys: readonly string[] | undefined;
  readonly redisClusterNodes: readonly { host: string; port: number }[] | undefined;
  readonly mfaKey: Buffer | undefined;
  /** WebAuthn relying party: id and the origins ceremonies are accepted from. */
  readonly webauthn: { readonly rpId: string; readonly origins: readonly string[] };
};

/** Parses and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const c = parsed.data;
  const cookieKeys = c.COOKIE_KEYS?.split(',').map((k) => k.trim());
  // An empty entry would be an empty HMAC key: anyone could sign a cookie with it.
  if (cookieKeys?.some((k) => k === '')) throw new ConfigError('COOKIE_KEYS', 'has an empty entry');
  if (c.NODE_ENV === 'production') {
    if (!input.ISSUER) throw new ConfigError('ISSUER', 'required in production (the public https URL)');
    if (!c.DATABASE_URL)
      throw new ConfigError('DATABASE_URL', 'required in production (no embedded database)');
    if (!c.REDIS_URL && !c.REDIS_CLUSTER_NODES) {
      throw new ConfigError('REDIS_URL', 'required in production (no in-memory store)');
    }
    if (!cookieKeys) throw new ConfigError('COOKIE_KEYS', 'required in production');
    cookieKeys.forEach((key, i) => {
      const weak = weakKeyReason(keyBytes(key));
      if (weak) throw new ConfigError('COOKIE_KEYS', `entry ${i + 1} ${weak}`);
    });
    if (!c.METRICS_TOKEN) {
      throw new ConfigError('METRICS_TOKEN', 'required in production (scrapers send it as a bearer token)');
    }
    if (!c.MFA_ENCRYPTION_KEY) throw new ConfigError('MFA_ENCRYPTION_KEY', 'required in production');
    if (!c.SMTP_URL)
      throw new ConfigError('SMTP_URL', 'required in production (mail is not written to files)');
    if (c.DEMO_LOBBY) throw new ConfigError('DEMO_LOBBY', 'the demo lobby is for development only');
    const issuer = new URL(c.ISSUER);
    if (issuer.protocol !== 'https:' && issuer.hostname !== 'localhost') {
      throw new ConfigError('ISSUER', 'must be https in production');
    }
  }
  if (c.SESSION_IDLE_TTL > c.SESSION_ABSOLUTE_TTL) {
    throw new ConfigError('SESSION_IDLE_TTL', 'must not exceed SESSION_ABSOLUTE_TTL');
  }
  return Object.freeze({
    ...c,
    webauthn: webauthnOf(c.ISSUER, c.WEBAUTHN_RP_ID, c.WEBAUTHN_ORIGINS),
    ISSUER: c.ISSUER.replace(/\/$/, ''),
    cookieKeys,
    mfaKey: c.MFA_ENCRYPTION_KEY ? Buffer.from(c.MFA_ENCRYPTION_KEY, 'base64') : undefined,
    redisClusterNodes: c.REDIS_CLUSTER_NODES?.split(',').map((hp) => {
      const [host, port] = hp.split(':');
      return { host: host!, port: Number(port) };
    }),
  });
}

/** The WebAuthn RP id and origins; every origin's host must be the RP id or a subdomain of it. */
function webauthnOf(issuer: string, rpIdInput: string | undefined, originsInput: string | undefined) {
  const rpId = (rpIdInput ?? new URL(issuer).hostname).toLowerCase();
  const issuerHost = new URL(issuer).hostname;
  if (issuerHost !== rpId && !issuerHost.endsWith(`.${rpId}`)) {
    throw new ConfigError(
      'WEBAUTHN_RP_ID',
      `must be the ISSUER host (${issuerHost}) or a parent domain of it`,
    );
  }
  const listed = (originsInput?.split(',') ?? []).map((raw) => {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new ConfigError('WEBAUTHN_ORIGINS', `not a URL: ${raw.trim()}`);
    }
    if (url.origin !== raw.trim().replace(/\/$/, '')) {
      throw new ConfigError('WEBAUTHN_ORIGINS', `must be origins only (scheme://host[:port]): ${raw.trim()}`);
    }
    if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
      throw new ConfigError('WEBAUTHN_ORIGINS', `${url.origin} is not within WEBAUTHN_RP_ID ${rpId}`);
    }
    return url.origin;
  });
  const origins = [...new Set([new URL(issuer).origin, ...listed])];
  return Object.freeze({ rpId, origins: Object.freeze(origins) });
}
