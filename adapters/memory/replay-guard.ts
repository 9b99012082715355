import type { ReplayGuard } from '../../server/mfa/replay-guard.ts';

/** In-process guard for the embedded single-instance default. */
export function createMemoryReplayGuard(now: () => number = Date.now): ReplayGuard {
  const used = new Map<string, number>();
  return {
    async claim(key, ttlSeconds) {
      const t = now();
      for (const [k, expires] of used) if (expires <= t) used.delete(k);
      if ((used.get(key) ?? 0) > t) return false;
      used.set(key, t + ttlSeconds * 1000);
      return true;
    },
  };
}
