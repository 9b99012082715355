import type { Context } from 'koa';

export type Probe = () => Promise<void>;

async function withTimeout(probe: Probe, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /healthz: the process is alive. */
export async function healthz(ctx: Context): Promise<void> {
  ctx.body = { status: 'ok' };
}

/** GET /readyz: every store answers within a short timeout; 503 naming the ones that do not. */
export function readyz(probes: Record<string, Probe>, timeoutMs = 1000) {
  return async function readyz(ctx: Context): Promise<void> {
    const results = await Promise.all(
      Object.entries(probes).map(async ([name, probe]) => {
        try {
          await withTimeout(probe, timeoutMs);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const down = results.filter(([, s]) => s === 'down').map(([n]) => n);
    ctx.status = down.length ? 503 : 200;
    if (down.length) ctx.set('Retry-After', '5');
    ctx.body = { status: down.length ? 'unavailable' : 'ok', checks, ...(down.length ? { down } : {}) };
  };
}
