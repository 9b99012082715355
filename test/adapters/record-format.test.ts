import { expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from '../../adapters/redis/record-format.ts';

// One real login's records as the bench read them from Redis (adapter's compact form: no kind, no jti).
const LOGIN = {
  session: {
    iat: 1796052711,
    exp: 1796054511,
    uid: 'cEw43XW5Yazn87R7rkipF4bnOEF5H665aNN0GTxVxPL',
    accountId: 'b358903a-8671-459c-8be1-8adc39789abc',
    loginTs: 1796052711,
    amr: ['pwd'],
    acr: 'urn:pitboss:acr:pwd',
    authorizations: {
      pb_8shs021KxHnEgqrH2rPxww: {
        sid: '1QGI4xUjUchG7Q_240oF7xPHu6_wX7ehvgaYHHSYcA5',
        grantId: 'hI-ADzy8LNxsqfRC528dn2OjJxGh9cK1K29qdybilaI',
        persistsLogout: true,
      },
    },
  },
  grant: {
    iat: 1796052711,
    exp: 1797262311,
    accountId: 'b358903a-8671-459c-8be1-8adc39789abc',
    clientId: 'pb_8shs021KxHnEgqrH2rPxww',
    openid: {
      scope: 'openid email offline_access',
    },
  },
  refresh: {
    iat: 1796052711,
    exp: 1797262311,
    accountId: 'b358903a-8671-459c-8be1-8adc39789abc',
    acr: 'urn:pitboss:acr:pwd',
    amr: ['pwd'],
    authTime: 1796052711,
    grantId: 'hI-ADzy8LNxsqfRC528dn2OjJxGh9cK1K29qdybilaI',
    gty: 'authorization_code',
    rotations: 0,
    scope: 'openid email offline_access',
    sessionUid: 'cEw43XW5Yazn87R7rkipF4bnOEF5H665aNN0GTxVxPL',
    clientId: 'pb_8shs021KxHnEgqrH2rPxww',
    iiat: 1796052711,
  },
  access: {
    iat: 1796052711,
    exp: 1796056311,
    accountId: 'b358903a-8671-459c-8be1-8adc39789abc',
    grantId: 'hI-ADzy8LNxsqfRC528dn2OjJxGh9cK1K29qdybilaI',
    gty: 'authorization_code',
    sessionUid: 'cEw43XW5Yazn87R7rkipF4bnOEF5H665aNN0GTxVxPL',
    clientId: 'pb_8shs021KxHnEgqrH2rPxww',
    scope: 'openid email offline_access',
    pitbossAuthTime: 1796052711,
  },
} as Record<string, Record<string, unknown>>;

it('every record of a login reads back exactly as written, consumed or not', () => {
  for (const payload of Object.values(LOGIN)) {
    expect(decodeRecord(encodeRecord(payload))).toEqual({ payload });
    expect(decodeRecord(encodeRecord(payload, 1796052800))).toEqual({ payload, consumed: 1796052800 });
  }
});

it('stores a login in fewer bytes: field names and known acr/gty values as codes', () => {
  for (const payload of Object.values(LOGIN)) {
    const value = encodeRecord(payload);
    expect(value.length).toBeLessThan(JSON.stringify(payload).length);
    expect(value).not.toMatch(/accountId|urn:pitboss:acr|authorization_code|persistsLogout/);
  }
});

it('leaves unknown fields, unknown values and full-name payloads of earlier builds as they are', () => {
  const odd = {
    acr: 'urn:other:acr',
    gty: 'urn:custom:grant',
    extra: { acr: 'urn:pitboss:acr:pwd', grantId: 'nested names stay' },
    'x5t#S256': 'thumb',
    scope: 'openid',
    authorizations: { client: { sid: 's', grantId: 'g', persistsLogout: true, other: 1 } },
  };
  expect(decodeRecord(encodeRecord(odd)).payload).toEqual(odd);
  // Written before codes existed: full names, string acr/gty.
  const legacy = JSON.stringify(LOGIN.refresh);
  expect(decodeRecord(legacy).payload).toEqual(LOGIN.refresh);
  expect(decodeRecord(`1796052800\n${legacy}`)).toEqual({ payload: LOGIN.refresh, consumed: 1796052800 });
});
