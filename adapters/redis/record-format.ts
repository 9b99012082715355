/**
 * How a token record's value is written (adapters/redis/keys.ts), to keep Redis small per live login: the
 * payload as JSON with its most common field names replaced by short codes (top level, and inside each
 * Session `authorizations` entry), `acr` and `gty` values from a known list replaced by their index, and
 * `<consumed>\n` in front once consumed (JSON never holds a raw newline). The codes are integer-like strings,
 * which no oidc-provider field name is, and acr/gty are always strings there, so a payload written without
 * codes (before 2026-11-30) reads back unchanged. Other nested objects keep their names.
 */
const FIELDS = [
  'iat',
  'exp',
  'accountId',
  'clientId',
  'grantId',
  'sessionUid',
  'scope',
  'gty',
  'acr',
  'amr',
  'authTime',
  'rotations',
  'iiat',
  'uid',
  'loginTs',
  'authorizations',
  'openid',
  'pitbossAuthTime',
  'expiresWithSession',
  'sid',
  'nonce',
  'claims',
  'resource',
  'persistsLogout',
] as const;
const CODE_OF: ReadonlyMap<string, string> = new Map(FIELDS.map((name, i) => [name, String(i)]));
const NAME_OF: ReadonlyMap<string, string> = new Map(FIELDS.map((name, i) => [String(i), name]));

/** Values stored as their index in these lists (append only: a stored index must keep its meaning). */
const VALUES: Readonly<Record<string, readonly string[]>> = {
  acr: ['urn:pitboss:acr:pwd', 'urn:pitboss:acr:mfa'],
  gty: [
    'authorization_code',
    'authorization_code refresh_token',
    'refresh_token',
    'client_credentials',
    'urn:ietf:params:oauth:grant-type:device_code',
    'urn:ietf:params:oauth:grant-type:device_code refresh_token',
  ],
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const renameKeys = (object: Record<string, unknown>, names: ReadonlyMap<string, string>) => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) out[names.get(key) ?? key] = value;
  return out;
};

/** Each Session authorization (per client id) is an object of payload-like fields. */
const eachAuthorization = (value: unknown, names: ReadonlyMap<string, string>) =>
  isObject(value)
    ? Object.fromEntries(
        Object.entries(value).map(([client, entry]) => [
          client,
          isObject(entry) ? renameKeys(entry, names) : entry,
        ]),
      )
    : value;

function encodePayload(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(payload)) {
    const index = typeof value === 'string' ? (VALUES[name]?.indexOf(value) ?? -1) : -1;
    const coded = name === 'authorizations' ? eachAuthorization(value, CODE_OF) : value;
    out[CODE_OF.get(name) ?? name] = index >= 0 ? index : coded;
  }
  return out;
}

// for-in rather than Object.entries: no [key, value] array per field on every record read.
function decodePayload(stored: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in stored) {
    const value = stored[key];
    const name = NAME_OF.get(key) ?? key;
    const listed = typeof value === 'number' ? VALUES[name]?.[value] : undefined;
    out[name] = listed ?? (name === 'authorizations' ? eachAuthorization(value, NAME_OF) : value);
  }
  return out;
}

/** The stored value of a payload (and its consumed mark, if consumed). */
export function encodeRecord(payload: Record<string, unknown>, consumed?: unknown): string {
  const json = JSON.stringify(encodePayload(payload));
  return consumed === undefined ? json : `${JSON.stringify(consumed)}\n${json}`;
}

/** The payload and consumed mark of a stored value (either field-name form). */
export function decodeRecord(value: string): { payload: Record<string, unknown>; consumed?: unknown } {
  const newline = value.indexOf('\n');
  const payload = decodePayload(JSON.parse(newline < 0 ? value : value.slice(newline + 1)));
  return newline < 0 ? { payload } : { payload, consumed: JSON.parse(value.slice(0, newline)) };
}
