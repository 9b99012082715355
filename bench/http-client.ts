import { Agent, request } from 'node:http';

/** A keep-alive HTTP/1.1 client for the worker-loop scenarios (lighter than fetch on a 2-core machine). */
export function createHttpClient(maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return {
    /** Sends a request and resolves with its status and body text. */
    send(
      url: string,
      init: { method?: string; headers?: Record<string, string>; body?: string },
    ): Promise<{ status: number; body: string }> {
      return new Promise((resolve, reject) => {
        const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(init.body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** HTTP Basic client authentication as RFC 6749 section 2.3.1 spells it (form-encoded, then base64). */
export function basicAuth(clientId: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}
