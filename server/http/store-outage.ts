/** Error codes and messages by which pg, node's net layer and ioredis report an unreachable store. */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ERR_STORE_UNAVAILABLE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  '53300', // too_many_connections
]);
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /Connection is closed/,
  /Command timed out/,
  /Reached the max retries per request limit/,
  /Stream isn't writeable/,
  /None of startup nodes is available/,
  /Cluster isn't ready/,
  /Failed to refresh slots cache/,
  /Client has encountered a connection error/,
];

/**
 * True when `err` (or its cause chain) says a backing store (Postgres, Redis) is unreachable, as opposed
 * to a bug: such failures are answered 503 + Retry-After, never 500.
 */
export function isStoreOutage(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && CODES.has(e.code)) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isStoreOutage(inner, depth + 1))) return true;
  return isStoreOutage(e.cause, depth + 1);
}
