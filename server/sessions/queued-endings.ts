import type { AccountEndings, Ended } from '../accounts/account-commands.ts';
import type { EndRequest, EndRequestQueue, EndRequestResult } from './end-requests.ts';

/** Queues a request for the running server and waits up to `waitMs` for what it did (undefined: not yet). */
export async function handToServer(
  queue: EndRequestQueue,
  request: Omit<EndRequest, 'id'>,
  waitMs = 5000,
): Promise<EndRequestResult | undefined> {
  const id = await queue.enqueue(request);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const result = await queue.result(id);
    if (result) return result;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

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
      const request = { accountId, reason, actor, surface: options.surface };
      const result = await handToServer(queue, request, options.waitMs);
      return result
        ? { sessions: result.sessions, grants: result.grants }
        : { sessions: 0, grants: 0, queued: true };
    },
    async changed(accountId, actor) {
      // No reason: the server only refreshes its copy of the account's session state.
      await queue.enqueue({ accountId, reason: '', actor, surface: options.surface });
    },
  };
}
