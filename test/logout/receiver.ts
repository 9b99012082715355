import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../server/logout/logout-token.ts';

/** One logout token a receiver accepted after verifying it. */
export interface Receipt {
  jti: string;
  sub: string;
  sid: string | undefined;
  at: number;
  payload: JWTPayload;
}

/** A real RP back-channel logout endpoint on 127.0.0.1 that verifies every token against the issuer's JWKS. */
export interface Receiver {
  url: string;
  receipts: Receipt[];
  /** Every POST, valid or not, with the status it was answered. */
  hits: { status: number; jti?: string | undefined; error?: string }[];
  /** Answer the next `n` POSTs with `status` (before verifying). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

/** Starts a receiver for `clientId` trusting `issuer` (JWKS fetched from `${jwksBase}/jwks`). */
export async function startReceiver(options: {
  issuer: string;
  jwksBase?: string;
  clientId: () => string;
  port?: number;
  /** Answer each POST after this long (widens race windows in concurrency tests). */
  delayMs?: number;
}): Promise<Receiver> {
  const jwks = createRemoteJWKSet(new URL(`${options.jwksBase ?? options.issuer}/jwks`));
  const receipts: Receipt[] = [];
  const hits: Receiver['hits'] = [];
  let failures = 0;
  let failStatus = 503;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const token = new URLSearchParams(Buffer.concat(chunks).toString()).get('logout_token');
    let jti: string | undefined;
    try {
      jti = token ? decodeJwt(token).jti : undefined;
    } catch {}
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const answer = (status: number, error?: string) => {
      hits.push(error ? { status, jti, error } : { status, jti });
      res.writeHead(status).end();
    };
    if (failures > 0) {
      failures -= 1;
      return answer(failStatus, 'forced');
    }
    try {
      if (req.method !== 'POST') throw new Error(`method ${req.method}`);
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded')
        throw new Error('content-type');
      if (!token) throw new Error('no logout_token');
      const { payload, protectedHeader } = await jwtVerify(token, jwks, {
        issuer: options.issuer,
        audience: options.clientId(),
        typ: 'logout+jwt',
        algorithms: ['RS256'],
        requiredClaims: ['iat', 'exp', 'jti', 'sub', 'events'],
      });
      if (protectedHeader.typ !== 'logout+jwt') throw new Error('typ');
      const events = payload.events as Record<string, unknown> | undefined;
      if (!events || typeof events[BACKCHANNEL_LOGOUT_EVENT] !== 'object') throw new Error('events');
      if ('nonce' in payload) throw new Error('nonce present');
      receipts.push({
        jti: payload.jti!,
        sub: payload.sub!,
        sid: payload.sid as string | undefined,
        at: performance.now(),
        payload,
      });
      answer(200);
    } catch (err) {
      answer(400, (err as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/backchannel`,
    receipts,
    hits,
    failNext(n, status = 503) {
      failures = n;
      failStatus = status;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes (state-based wait, no fixed sleeps). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
