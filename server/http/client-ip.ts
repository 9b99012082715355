import { isIP } from 'node:net';
import type { Context, Middleware } from 'koa';

/** How the caller's address is found: the socket, or `hops` entries from the right of X-Forwarded-For. */
export interface ClientIpPolicy {
  trustProxy: boolean;
  /** TRUST_PROXY_HOPS: how many proxies in front of us append to X-Forwarded-For. */
  hops: number;
}

/** An address as a proxy may write it: `[v6]:port` and `v4:port` lose the port and brackets. */
function bare(value: string): string {
  const v = value.trim();
  return /^\[([^\]]+)\](?::\d+)?$/.exec(v)?.[1] ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(v)?.[1] ?? v;
}

/**
 * The caller's IP. Behind `hops` trusted proxies, each appends the address it received the request from, so
 * the client is the entry `hops` places from the right; anything left of it was written by the client and
 * is ignored. An entry that is not an IP address (or a missing one) falls back to the socket's address, so
 * no forged value reaches a limiter key, an audit row or the console.
 */
export function clientIp(ctx: Context, policy: ClientIpPolicy): string {
  const socket = ctx.req.socket.remoteAddress ?? '';
  if (!policy.trustProxy) return socket;
  const forwarded = (ctx.get('x-forwarded-for') || '').split(',');
  const entry = forwarded.length >= policy.hops ? forwarded[forwarded.length - policy.hops] : undefined;
  const candidate = entry === undefined ? '' : bare(entry);
  return isIP(candidate) ? candidate : socket;
}

/** Sets `ctx.ip` (koa's request.ip) from the policy before anything reads it. */
export function resolveClientIp(policy: ClientIpPolicy): Middleware {
  return async function resolveClientIp(ctx, next) {
    ctx.request.ip = clientIp(ctx, policy);
    await next();
  };
}
