/** One Server-Sent Event as a client sees it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
  /** performance.now() when it arrived. */
  at: number;
}

/**
 * A real SSE client over fetch (Node 20 has no EventSource): connects, parses frames as the spec says, and records
 * every event and heartbeat comment until the server closes the stream.
 */
export async function openEventStream(url: string, token: string, lastEventId?: string) {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  let comments = 0;
  let closed = false;
  const done = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments += 1;
            const m = /^(\w+): ?(.*)$/.exec(line);
            if (m) fields[m[1]!] = fields[m[1]!] === undefined ? m[2]! : `${fields[m[1]!]}\n${m[2]}`;
          }
          if (fields.data !== undefined) {
            events.push({
              id: fields.id,
              event: fields.event ?? 'message',
              data: JSON.parse(fields.data),
              at: performance.now(),
            });
          }
        }
      }
    } catch {
      // aborted by close()
    }
    closed = true;
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    get comments() {
      return comments;
    },
    get closed() {
      return closed;
    },
    async close() {
      controller.abort();
      await done;
    },
  };
}
