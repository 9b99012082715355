import { Readable } from 'node:stream';
import type { Context } from 'koa';

/**
 * Answers with NDJSON streamed from `rows`: the first row is read before the status goes out (so a store
 * failure is still a proper error answer), then one JSON value a line, pulled only as fast as the client
 * reads. A client that hangs up ends the iteration, which releases whatever it holds (a cursor, a connection).
 */
export async function sendNdjson(
  ctx: Context,
  rows: AsyncIterable<unknown>,
  filename?: string,
): Promise<void> {
  const it = rows[Symbol.asyncIterator]();
  const first = await it.next();
  ctx.type = 'application/x-ndjson';
  ctx.set('Cache-Control', 'no-store');
  if (filename) ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
  ctx.body = Readable.from(lines(first, it));
}

async function* lines(first: IteratorResult<unknown>, rest: AsyncIterator<unknown>) {
  try {
    for (let next = first; !next.done; next = await rest.next()) yield `${JSON.stringify(next.value)}\n`;
  } finally {
    await rest.return?.();
  }
}
