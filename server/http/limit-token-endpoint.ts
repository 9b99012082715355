import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { type CounterBatch, countTogether, hashKey, type Limiter } from './rate-limits.ts';
import { tooManyRequests } from './too-many-requests.ts';

/** The token endpoint's two counters (either may be off). */
export interface TokenLimits {
  /** Token requests per caller: (client, IP) for Basic auth, else per IP; failed client auth is given back. */
  traffic: Limiter | undefined;
  /** Failed client authentications per IP; over the limit the IP is blocked for a while. */
  failures: Limiter | undefined;
  /** Both counters in one round trip (Redis); absent: two parallel calls. */
  batch?: CounterBatch | undefined;
}

/** The client id of an `Authorization: Basic` header (RFC 6749 2.3.1 form-encoding), if any. */
function basicClientId(header: string): string | undefined {
  if (!/^basic /i.test(header)) return undefined;
  const user = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8').split(':')[0];
  if (!user) return undefined;
  try {
    return decodeURIComponent(user.replace(/\+/g, ' '));
  } catch {
    return user;
  }
}

/** Whether oidc-provider answered that the client failed to authenticate (unknown id, wrong secret, bad assertion). */
const failedClientAuth = (ctx: Context) =>
  ctx.status === 401 && (ctx.body as { error?: unknown } | undefined)?.error === 'invalid_client';

/**
 * Limits POST /token inside oidc-provider, which reads the body once and authenticates the client itself.
 *
 * Nothing a stranger sends counts against a client: the traffic counter is keyed on the caller's IP (and on
 * the client when it authenticates in the Authorization header, known before the body), and a request that
 * fails client authentication gets its traffic point back and counts only against its own IP's failure
 * counter. So rotating fake client ids is limited per IP, a wrong secret naming a victim client never
 * blocks the victim, and one public app's players, each on their own address, never share a cap.
 */
export function installTokenLimits(provider: Provider, limits: TokenLimits): void {
  if (!limits.traffic && !limits.failures) return;
  provider.use(async function limitTokenEndpoint(ctx, next) {
    if (ctx.method !== 'POST' || ctx.path !== '/token') return next();
    const client = basicClientId(ctx.get('authorization'));
    // Both keys carry the IP as their hash tag, so one script reads both on Redis Cluster too (never an empty
    // tag: `{}` would hash each whole key, into two slots).
    const tag = `{${ctx.ip || '-'}}`;
    const trafficKey = `${client ? hashKey(client) : '-'}:${tag}`;
    const failureKey = `ip:${tag}`;
    const [failed, traffic] = await countTogether(limits.batch, [
      limits.failures && ([limits.failures, failureKey, 'peek'] as const),
      limits.traffic && ([limits.traffic, trafficKey, 'consume'] as const),
    ]);
    const blocked = [failed, traffic].filter((r) => r && !r.allowed);
    if (blocked.length > 0) {
      return tooManyRequests(ctx as unknown as Context, Math.max(...blocked.map((r) => r!.retryAfter)));
    }
    await next();
    if (!failedClientAuth(ctx as unknown as Context)) return;
    await Promise.all([limits.traffic?.refund(trafficKey), limits.failures?.consume(failureKey)]);
  });
}
