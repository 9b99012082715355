import { createServer, type Server } from 'node:http';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';

/** A logout token one of the studios accepted after verifying it. */
export interface Receipt {
  studio: number;
  sub: string;
  sid: string | undefined;
  at: number;
}

export interface LogoutReceivers {
  urls: string[];
  receipts: Receipt[];
  /** Tokens that failed verification (wrong issuer, audience, signature, shape). */
  rejected: number;
  close(): Promise<void>;
}

/**
 * `count` back-channel logout endpoints on 127.0.0.1 (the studios), each verifying the logout token's
 * signature against its issuer's JWKS (issuers limited to `issuers()`) and its audience against the
 * studio's client id, as an RP must.
 */
export async function startLogoutReceivers(
  count: number,
  issuers: () => string[],
  clientIds: () => string[],
): Promise<LogoutReceivers> {
  const receipts: Receipt[] = [];
  const jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const state = { rejected: 0 };
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let studio = 0; studio < count; studio++) {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const token = new URLSearchParams(Buffer.concat(chunks).toString()).get('logout_token') ?? '';
      try {
        const iss = String(decodeJwt(token).iss);
        if (!issuers().includes(iss)) throw new Error('unknown issuer');
        if (!jwks.has(iss)) jwks.set(iss, createRemoteJWKSet(new URL(`${iss}/jwks`)));
        const { payload } = await jwtVerify(token, jwks.get(iss)!, {
          issuer: iss,
          audience: clientIds()[studio],
        });
        receipts.push({
          studio,
          sub: String(payload.sub),
          sid: payload.sid as string | undefined,
          at: performance.now(),
        });
        res.writeHead(200).end();
      } catch {
        state.rejected++;
        res.writeHead(400).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as { port: number }).port}/backchannel-logout`);
  }
  return {
    urls,
    receipts,
    get rejected() {
      return state.rejected;
    },
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
