import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { Registry } from 'prom-client';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** GET /metrics: Prometheus text; with a token configured, only for `Authorization: Bearer <token>`. */
export function metricsRoute(registry: Registry, token?: string) {
  const expected = token ? digest(token) : undefined;
  return async function metrics(ctx: Context): Promise<void> {
    if (expected) {
      const presented = /^Bearer (.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '';
      // Compared as digests so the comparison is constant-time whatever the presented length.
      if (!timingSafeEqual(digest(presented), expected)) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        ctx.body = { error: 'unauthorized', message: 'A valid metrics token is required.' };
        return;
      }
    }
    ctx.set('Content-Type', registry.contentType);
    ctx.body = await registry.metrics();
  };
}
