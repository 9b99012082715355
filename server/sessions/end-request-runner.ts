import type { Logger } from 'pino';
import type { EndRequestQueue } from './end-requests.ts';
import type { EndReason } from './session-events.ts';
import type { SessionVersions } from './session-versions.ts';
import type { SessionTerminator } from './terminate.ts';

/**
 * Runs the endings other processes queued (end-requests.ts) on this instance: refreshes the account's version
 * cache, then ends everything through the terminator (or, for a change without an ending, re-plans); an `unlock`
 * request clears the account's lockouts. Polls every `pollMs`; safe on every instance (claims
 * skip each other's rows, and a claim whose runner died comes back after its lease).
 */
export function createEndRequestRunner(deps: {
  queue: EndRequestQueue;
  terminator: SessionTerminator;
  versions: Pick<SessionVersions, 'refresh'>;
  /** Clears the account's sign-in and MFA lockouts (an `unlock` request); resolves with which were on. */
  unlock: (accountId: string) => Promise<{ login: boolean; mfa: boolean }>;
  /** An account changed without an ending (a limit set from the CLI): re-plans its live sessions. */
  changed?: ((accountId: string) => Promise<void>) | undefined;
  log: Pick<Logger, 'warn'>;
  pollMs?: number;
}) {
  const pollMs = deps.pollMs ?? 500;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastWarned = 0;

  async function runOnce(): Promise<number> {
    const claimed = await deps.queue.claim(10, 30);
    for (const request of claimed) {
      if (request.action === 'unlock') {
        const unlocked = await deps.unlock(request.accountId);
        await deps.queue.complete(request.id, { sessions: 0, grants: 0, unlocked });
        continue;
      }
      await deps.versions.refresh(request.accountId);
      const ended = request.reason
        ? await deps.terminator.endAllForAccount(
            request.accountId,
            request.reason as EndReason,
            request.actor ?? request.surface,
          )
        : { sessions: 0, grants: 0 };
      if (!request.reason) await deps.changed?.(request.accountId);
      await deps.queue.complete(request.id, ended);
    }
    return claimed.length;
  }

  const tick = () => {
    running = runOnce()
      .then(() => undefined)
      .catch((err) => {
        if (Date.now() - lastWarned < 10_000) return;
        lastWarned = Date.now();
        deps.log.warn({ err: (err as Error).message }, 'queued session endings: will retry');
      })
      .finally(() => {
        running = undefined;
      });
  };

  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setInterval(() => running ?? tick(), pollMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
