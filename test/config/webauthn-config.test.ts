import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

describe('passkey and new-device configuration', () => {
  it('defaults to the issuer host as RP id, its origin as the only origin, and new-device MFA on', () => {
    const config = loadConfig({ ISSUER: 'https://login.casino.example/' });
    expect(config.webauthn).toEqual({
      rpId: 'login.casino.example',
      origins: ['https://login.casino.example'],
    });
    expect(config.NEW_DEVICE_MFA).toBe(true);
    expect(loadConfig({ NEW_DEVICE_MFA: 'false' }).NEW_DEVICE_MFA).toBe(false);
  });

  it('takes a parent domain as RP id and further origins within it; the issuer origin always stays', () => {
    const config = loadConfig({
      ISSUER: 'https://login.casino.example',
      WEBAUTHN_RP_ID: 'casino.example',
      WEBAUTHN_ORIGINS: 'https://www.casino.example, https://casino.example:8443',
    });
    expect(config.webauthn.rpId).toBe('casino.example');
    expect(config.webauthn.origins).toEqual([
      'https://login.casino.example',
      'https://www.casino.example',
      'https://casino.example:8443',
    ]);
  });

  it.each([
    [{ WEBAUTHN_RP_ID: 'other.example' }, /^Invalid configuration: WEBAUTHN_RP_ID: .*parent domain/],
    [{ WEBAUTHN_RP_ID: 'https://casino.example' }, /^Invalid configuration: WEBAUTHN_RP_ID:/],
    [{ WEBAUTHN_ORIGINS: 'https://evil.example' }, /^Invalid configuration: WEBAUTHN_ORIGINS: .*not within/],
    [{ WEBAUTHN_ORIGINS: 'not a url' }, /^Invalid configuration: WEBAUTHN_ORIGINS: not a URL/],
    [
      { WEBAUTHN_ORIGINS: 'https://login.casino.example/path' },
      /^Invalid configuration: WEBAUTHN_ORIGINS: .*origins only/,
    ],
    [{ NEW_DEVICE_MFA: 'sometimes' }, /^Invalid configuration: NEW_DEVICE_MFA:/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig({ ISSUER: 'https://login.casino.example', ...env })).toThrow(message);
  });
});
