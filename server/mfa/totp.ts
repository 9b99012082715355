import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
/** One step of clock drift either way (seconds, as otplib v13 counts tolerance). */
const TOLERANCE = PERIOD;

/** A new base32 secret (20 random bytes, RFC 4226's recommended length). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app scans. */
export function otpauthUri(issuer: string, label: string, secret: string): string {
  return generateURI({ issuer, label, secret, algorithm: 'sha1', digits: 6, period: PERIOD });
}

/** Checks a 6-digit code; on success returns the time step it matched (the replay guard's key). */
export async function verifyTotp(secret: string, code: string): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    algorithm: 'sha1',
    digits: 6,
    period: PERIOD,
    epochTolerance: TOLERANCE,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
