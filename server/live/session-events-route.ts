import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { type PlayerToken, requirePlayerToken } from '../rg/player-token.ts';
import type { DeliveredLiveEvent, LiveBus } from './live-event.ts';

export interface SessionEventsDeps {
  provider: () => Provider;
  bus: LiveBus;
  /** Seconds between heartbeat comments (keeps proxies from closing an idle stream). */
  heartbeatSeconds: number;
  /** Open streams on this instance (a gauge). */
  connections?: { inc(): void; dec(): void };
  onSent?(type: string): void;
}

interface Connection {
  sessionUid: string;
  send(event: DeliveredLiveEvent): void;
  close(): void;
}

/** One SSE frame: id (for Last-Event-ID), event type, JSON data. */
const frame = (e: DeliveredLiveEvent) => `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`;

const forSession = (sessionUid: string) => (e: DeliveredLiveEvent) =>
  !e.sessionUid || e.sessionUid === sessionUid;

/**
 * `GET /session/events`: Server-Sent Events for the access token's session (see server/live/live-scheduler.ts for
 * what is sent when). Events published on any instance reach the connection here through the bus; a reconnect with
 * Last-Event-ID first gets what it missed (bounded); `session.ended` is the last event, then the stream closes.
 */
export function sessionEventsRoutes(deps: SessionEventsDeps) {
  const byAccount = new Map<string, Set<Connection>>();
  let unsubscribe: (() => void) | undefined;
  const dispatch = (event: DeliveredLiveEvent) => {
    for (const c of byAccount.get(event.accountId) ?? []) if (forSession(c.sessionUid)(event)) c.send(event);
  };

  async function openStream(ctx: Context) {
    const player = ctx.state.player as PlayerToken;
    if (!player.sessionUid) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'this access token belongs to no session' };
      return;
    }
    unsubscribe ??= deps.bus.subscribe(dispatch);
    const sessionUid = player.sessionUid;
    const stream = new PassThrough();
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      byAccount.get(player.accountId)?.delete(connection);
      if (byAccount.get(player.accountId)?.size === 0) byAccount.delete(player.accountId);
      deps.connections?.dec();
      stream.end();
    };
    const seen = new Set<string>();
    const connection: Connection = {
      sessionUid,
      send(event) {
        if (!open || seen.has(event.id)) return;
        seen.add(event.id);
        stream.write(frame(event));
        deps.onSent?.(event.type);
        if (event.type === 'session.ended') close();
      },
      close,
    };
    // Registered before the replay is read, so nothing published in between is lost (duplicates are dropped).
    const connections = byAccount.get(player.accountId) ?? new Set<Connection>();
    connections.add(connection);
    byAccount.set(player.accountId, connections);
    deps.connections?.inc();
    const heartbeat = setInterval(
      () => open && stream.write(': heartbeat\n\n'),
      deps.heartbeatSeconds * 1000,
    );
    heartbeat.unref();
    ctx.req.on('close', close);
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.status = 200;
    ctx.type = 'text/event-stream';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.body = stream;
    stream.write('retry: 3000\n\n');
    const lastId =
      ctx.get('last-event-id') || (typeof ctx.query.lastEventId === 'string' ? ctx.query.lastEventId : '');
    if (lastId) {
      const missed = await deps.bus.replay(player.accountId, lastId.slice(0, 64));
      for (const event of missed.filter(forSession(sessionUid))) connection.send(event);
    }
  }

  const router = new Router();
  router.get(
    'session.events',
    '/session/events',
    requirePlayerToken(deps.provider, { allowQuery: true }),
    openStream,
  );
  return {
    router,
    /** Closes every open stream without an event (shutdown: apps reconnect, with Last-Event-ID, elsewhere). */
    close() {
      unsubscribe?.();
      for (const set of [...byAccount.values()]) for (const c of [...set]) c.close();
    },
  };
}
