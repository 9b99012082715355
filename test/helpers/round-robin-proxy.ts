import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny load balancer on loopback: round-robin over `backends`, skipping one that refuses the connection
 * (as a real balancer's health check would), so a killed instance drops out without failing requests.
 */
export async function startRoundRobinProxy(): Promise<{
  url: string;
  /** Backend base URLs; filled in after start so the instances can be given the proxy's URL as issuer. */
  backends: string[];
  /** How many requests each backend answered. */
  served: Map<string, number>;
  close(): Promise<void>;
}> {
  let next = 0;
  const backends: string[] = [];
  const served = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const start = next++;
    for (let i = 0; i < backends.length; i++) {
      const backend = backends[(start + i) % backends.length]!;
      const answered = await new Promise<boolean>((resolve) => {
        const target = new URL(req.url ?? '/', backend);
        const upstream = request(target, { method: req.method, headers: req.headers }, (up) => {
          served.set(backend, (served.get(backend) ?? 0) + 1);
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on('end', () => resolve(true));
        });
        upstream.on('error', () => resolve(false));
        upstream.end(body);
      });
      if (answered) return;
      if (res.headersSent) return;
    }
    res.writeHead(502).end('no backend');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    backends,
    served,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
