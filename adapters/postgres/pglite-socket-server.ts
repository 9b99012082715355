import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** A PGlite shared over a unix socket; `close()` stops listening and drops every connection. */
export interface PgliteSocketServer {
  close(): Promise<void>;
}

/**
 * Serves one PGlite to many pg connections over a unix socket.
 *
 * We do not use @electric-sql/pglite-socket's multiplexer: it queues single protocol messages, so two
 * connections' extended-protocol batches (Parse/Bind/Execute/Sync) interleave on PGlite's one backend and
 * clobber each other's unnamed statement ("bind message supplies 2 parameters ..."). Here a connection's
 * messages run together up to Sync or Query, and a connection inside a transaction keeps the backend until
 * the transaction ends, so each connection sees what a real Postgres connection would (except that session
 * state such as SET or advisory session locks is shared: use transaction-scoped variants).
 */
export async function servePgliteSocket(db: PGlite, path: string): Promise<PgliteSocketServer> {
  let owner: Socket | undefined;
  const waiting: { socket: Socket; resume: () => void }[] = [];
  const sockets = new Map<Socket, Promise<void>>();

  const acquire = (socket: Socket): Promise<void> => {
    if (owner === undefined) owner = socket;
    if (owner === socket) return Promise.resolve();
    return new Promise((resume) => waiting.push({ socket, resume }));
  };
  const release = () => {
    const next = waiting.shift();
    owner = next?.socket;
    next?.resume();
  };

  // A client that vanished mid-transaction must not leave the shared backend inside it.
  const rollbackIfOpen = async () => {
    if (!db.closed && db.isInTransaction()) await db.exec('ROLLBACK').catch(() => undefined);
  };

  // Runs one batch; keeps the backend for this socket while PGlite reports an open transaction.
  const run = async (socket: Socket, batch: Uint8Array) => {
    if (socket.destroyed) return;
    await acquire(socket);
    try {
      await db.runExclusive(() =>
        db.execProtocolRawStream(batch, { onRawData: (data) => socket.writable && socket.write(data) }),
      );
    } finally {
      if (socket.destroyed) await rollbackIfOpen();
      if (socket.destroyed || !db.isInTransaction()) release();
    }
  };

  const abandon = async (socket: Socket) => {
    sockets.delete(socket);
    if (owner !== socket) return;
    await rollbackIfOpen();
    release();
  };

  const server: Server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    let pending: Buffer[] = [];
    // Batches of one connection run in order; different connections only meet at acquire().
    const queue = (work: () => Promise<void>) => {
      const previous = sockets.get(socket) ?? Promise.resolve();
      sockets.set(
        socket,
        previous.then(work).catch(() => {
          socket.destroy();
        }),
      );
    };
    sockets.set(socket, Promise.resolve());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => queue(() => abandon(socket)));
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      while (buffer.length >= 5) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) socket.write('N');
          else if (code === CANCEL_REQUEST) socket.end();
          else if (code === PROTOCOL_3) {
            started = true;
            queue(() => run(socket, message));
          } else socket.destroy();
          continue;
        }
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const type = String.fromCharCode(buffer[0]!);
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        // Terminate is the client's business: forwarding it would stop the shared backend.
        if (type === 'X') {
          socket.end();
          return;
        }
        pending.push(message);
        if (type === 'S' || type === 'Q' || type === 'H') {
          const batch = new Uint8Array(Buffer.concat(pending));
          pending = [];
          queue(() => run(socket, batch));
        }
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const chains = [...sockets.values()];
      for (const socket of sockets.keys()) socket.destroy();
      await Promise.all(chains);
      await closed;
    },
  };
}
