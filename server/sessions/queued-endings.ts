import type { AccountEndings, Ended } from '../accounts/account-commands.ts';
import type { EndRequestQueue } from './end-requests.ts';

/**
 * AccountEndings for a process without the server's session store (the CLI): the ending is queued in the
 * shared database and run by a server instance's terminator (end-request-runner.ts), so it is audited,
 * published, counted and told to every RP exactly as when the server ends it itself. Waits up to `waitMs`
 * for the counts; with no server running, the request waits for the next one to start (`queued: true`).
 */
export function createQueuedEndings(
  queue: EndRequestQueue,
  options: { surface: string; waitMs?: number },
): AccountEndings {
  return {
    async endAllForAccount(accountId, reason, actor): Promise<Ended> {
      const id = await queue.enqueue({ accountId, reason, actor, surface: options.surface });
      const deadline = Date.now() + (options.waitMs ?? 5000);
      for (;;) {
        const result = await queue.result(id);
        if (result) return result;
        if (Date.now() >= deadline) return { sessions: 0, grants: 0, queued: true };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async changed(accountId, actor) {
      // No reason: the server only refreshes its copy of the account's session state.
      await queue.enqueue({ accountId, reason: '', actor, surface: options.surface });
    },
  };
}
