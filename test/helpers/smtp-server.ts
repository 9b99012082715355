import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { vi } from 'vitest';

/** A real SMTP server in this process (the `smtp-server` package) that parses every mail it accepts. */
export interface TestSmtp {
  url: string;
  port: number;
  received: ParsedMail[];
  /** Resolves with the first received mail matching, polling until it arrives (or `timeoutMs`). */
  waitFor(match: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  stop(): Promise<void>;
}

const recipients = (mail: ParsedMail) =>
  [mail.to]
    .flat()
    .flatMap((a) => a?.value ?? [])
    .map((v) => v.address?.toLowerCase());

/** Is this mail addressed to `email`? */
export const sentTo = (email: string) => (mail: ParsedMail) => recipients(mail).includes(email.toLowerCase());

/** The link a Pitboss mail is about: the first URL in its text body that starts with the issuer. */
export function linkIn(mail: ParsedMail, issuer: string): string {
  const link = mail.text?.match(/https?:\/\/\S+/g)?.find((u) => u.startsWith(issuer));
  if (!link) throw new Error(`no ${issuer} link in mail "${mail.subject}"`);
  return link;
}

/** Starts the server on loopback (a given port, or a free one); plain SMTP without auth, as for a local relay. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    received,
    waitFor: (match, timeoutMs = 20_000) =>
      vi.waitFor(
        () => {
          const mail = received.find(match);
          if (!mail) throw new Error(`no matching mail within ${timeoutMs} ms`);
          return mail;
        },
        { timeout: timeoutMs, interval: 50 },
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
