import fc from 'fast-check';

/** One generated request: method, path with a raw query, headers and a raw body. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Values a real attacker or a broken client would send, plus real ones so requests get past the first check. */
export interface FuzzContext {
  clientId: string;
  redirectUri: string;
  accessToken: string;
  refreshToken: string;
  idToken: string;
  uid: string;
  csrf: string;
  cookie: string;
}

const PATHS = [
  '/.well-known/openid-configuration',
  '/jwks',
  '/auth',
  '/token',
  '/token/revocation',
  '/token/introspection',
  '/me',
  '/session/end',
  '/session/end/confirm',
  '/admin/api/users',
  '/admin/api/clients',
];
const PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'response_mode',
  'grant_type',
  'code',
  'code_verifier',
  'refresh_token',
  'token',
  'token_type_hint',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'id_token_hint',
  'post_logout_redirect_uri',
  'request',
  'xsrf',
  'logout',
  'csrf',
  'email',
  'password',
  'max_age',
  'acr_values',
  'claims',
  'ui_locales',
  'resource',
];

/** The arbitrary of malformed requests over every endpoint and the interaction forms. */
export function fuzzRequest(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const badJwts = [
    `${b64('{"alg":"none"}')}.${b64(`{"sub":"x","iss":"${ctx.clientId}"}`)}.`,
    `${b64('{"alg":"HS256"}')}.${b64('{"sub":"x"}')}.${b64('sig')}`,
    `${ctx.idToken.slice(0, -4)}AAAA`,
    'a.b.c',
    'eyJ.eyJ.',
    `${b64('{"alg":"RS256","kid":"../../etc/passwd"}')}.${b64('[]')}.x`,
  ];
  const value = fc.oneof(
    { weight: 8, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    // Huge values: past the 16 KB header limit in a query, past the 56 KB body limit in a body.
    { weight: 1, arbitrary: fc.constantFrom(...[300, 5000, 20_000, 60_000].map((n) => 'x'.repeat(n))) },
    {
      weight: 12,
      arbitrary: fc.constantFrom(
        '',
        '%',
        '%ZZ',
        '%E0%A4%A',
        '%00',
        '%C0%AF',
        '\u0000',
        '\uFFFF',
        '\uD800',
        '[]',
        '{}',
        'null',
        '-1',
        '1e999',
        'openid',
        'code',
        'S256',
        'plain',
        'none',
        'refresh_token',
        'authorization_code',
        'client_credentials',
        'form_post',
        'javascript:alert(1)',
        ctx.clientId,
        ctx.redirectUri,
        ctx.accessToken,
        ctx.refreshToken,
        ctx.idToken,
        ctx.csrf,
        ...badJwts,
      ),
    },
  );
  const params = fc.array(fc.tuple(fc.constantFrom(...PARAMS), value), { maxLength: 8 });
  const encode = (pairs: [string, string][], raw: boolean) =>
    pairs
      .map(
        ([k, v]) =>
          `${k}=${raw ? v.replace(/[#&\s]/g, '') : encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`,
      )
      .join('&');
  const interaction = fc.constantFrom(
    `/interaction/${ctx.uid}`,
    `/interaction/${ctx.uid}/login`,
    `/interaction/${ctx.uid}/confirm`,
    `/interaction/${ctx.uid}/abort`,
    '/interaction/%ZZ/login',
    `/interaction/${'u'.repeat(3000)}`,
  );
  const header = fc.constantFrom<Record<string, string>>(
    {},
    { authorization: 'Basic !!!' },
    { authorization: `Basic ${Buffer.from(`${ctx.clientId}:wrong`).toString('base64')}` },
    { authorization: `Basic ${Buffer.from(':').toString('base64')}` },
    { authorization: `Bearer ${ctx.accessToken}` },
    { authorization: `Bearer ${badJwts[0]}` },
    { authorization: 'Bearer' },
    { authorization: `DPoP ${ctx.accessToken}`, dpop: badJwts[1]! },
    { cookie: ctx.cookie },
    { cookie: `${ctx.cookie}; _session=garbage; _session.sig=x` },
    { 'x-forwarded-for': '999.1.1.1, ::ffff:bad' },
  );
  const contentType = fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-16',
    'application/json',
    'text/plain',
    'multipart/form-data; boundary=x',
    '',
  );
  return fc
    .record({
      method: fc.constantFrom(
        'GET',
        'GET',
        'GET',
        'POST',
        'POST',
        'POST',
        'POST',
        'PUT',
        'DELETE',
        'OPTIONS',
        'HEAD',
      ),
      path: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...PATHS) },
        { weight: 1, arbitrary: interaction },
      ),
      query: params,
      body: params,
      rawEncoding: fc.boolean(),
      bodyKind: fc.constantFrom('form', 'json', 'bad-json', 'none', 'binary'),
      contentType,
      header,
      binary: fc.uint8Array({ maxLength: 64 }),
    })
    .map((r): FuzzRequest => {
      const headers: Record<string, string> = { ...r.header };
      if (r.contentType) headers['content-type'] = r.contentType;
      const query = r.query.length ? `?${encode(r.query, r.rawEncoding)}` : '';
      let body: string | undefined;
      if (r.method === 'POST' || r.method === 'PUT') {
        if (r.bodyKind === 'form') body = encode(r.body, r.rawEncoding);
        if (r.bodyKind === 'json') body = JSON.stringify(Object.fromEntries(r.body));
        if (r.bodyKind === 'bad-json') body = `{"${r.body[0]?.[0] ?? 'a'}":`;
        if (r.bodyKind === 'binary') body = Buffer.from(r.binary).toString('latin1');
      }
      return { method: r.method, path: `${r.path}${query}`, headers, body };
    });
}
