import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** The mail relay the servers under test send to: a real SMTP server that accepts every mail and keeps none. */
export interface MailSink {
  url: string;
  /** Mails accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * Plain SMTP on loopback, as a local relay would be. Sign-ins from a browser the server has not seen send a
 * new-device mail; a relay that refused them would add the mail worker's retries to every sign-in measured.
 */
export async function startMailSink(): Promise<MailSink> {
  let accepted = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        accepted++;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
