import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RegisterMode = 'excluded' | 'not_excluded' | 'error' | 'hang';

/** A real local exclusion register over HTTP: answers as told, and records every question it was asked. */
export async function startRegister() {
  let mode: RegisterMode = 'not_excluded';
  const asked: Record<string, unknown>[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    asked.push(JSON.parse(Buffer.concat(chunks).toString() || '{}'));
    if (mode === 'hang') return void hanging.add(res);
    if (mode === 'error') return void res.writeHead(500).end('register down');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ excluded: mode === 'excluded' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/check`,
    asked,
    answer(next: RegisterMode) {
      mode = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
