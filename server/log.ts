import pino, { type Logger } from 'pino';

/** Paths that may carry secrets; pino replaces their values before anything is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'authorization',
  'cookie',
  '*.authorization',
  '*.cookie',
  'password',
  '*.password',
  '*.new_password',
  '*.current_password',
  '*.client_secret',
  'client_secret',
  '*.client_assertion',
  'code',
  '*.code',
  '*.code_verifier',
  '*.otp',
  '*.totp',
  '*.totp_secret',
  '*.recovery_code',
  '*.recoveryCode',
  '*.secret',
  '*.refresh_token',
  '*.access_token',
  '*.id_token',
  '*.id_token_hint',
  '*.logout_token',
  '*.token',
  'token',
];

/** Pretty output only for a developer watching a terminal; JSON lines everywhere else. */
function wantsPretty(destination: pino.DestinationStream | undefined): boolean {
  return (
    destination === undefined &&
    process.stdout.isTTY === true &&
    (process.env.NODE_ENV ?? 'development') === 'development'
  );
}

/** The process logger: JSON lines (pino-pretty in development on a TTY), secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (wantsPretty(destination)) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino(options, destination);
}
