import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { OutgoingMail } from './mail-outbox.ts';

/** Hands one mail to the outside world; throws when it could not (the worker retries). */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The first URL in a text body that starts with the issuer: the link a mail is about. */
export function mailLink(text: string, issuer: string): string | undefined {
  return text.match(/https?:\/\/\S+/g)?.find((u) => u.startsWith(issuer));
}

/**
 * SMTP through nodemailer when SMTP_URL is set: STARTTLS is required except to a loopback host (a local relay
 * or the test server), where plain SMTP without auth is allowed. Without SMTP_URL (development only; config
 * refuses it in production) each mail is written as an .eml file under DATA_DIR/mail/ (0700 / 0600) and its
 * link is logged, so a newcomer can follow it.
 */
export function createMailTransport(
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'DATA_DIR' | 'ISSUER'>,
  log: Pick<Logger, 'info'>,
): MailTransport {
  if (config.SMTP_URL) {
    const url = new URL(config.SMTP_URL);
    const smtp = nodemailer.createTransport({
      url: config.SMTP_URL,
      requireTLS: url.protocol === 'smtp:' && !LOOPBACK.has(url.hostname),
      ignoreTLS: url.protocol === 'smtp:' && LOOPBACK.has(url.hostname),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      async send(mail) {
        await smtp.sendMail({
          from: config.MAIL_FROM,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
      },
      close: () => smtp.close(),
    };
  }
  const dir = join(config.DATA_DIR, 'mail');
  const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await files.sendMail({
        from: config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.kind}.eml`);
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      // Development only: the link carries a token, which is why production must use SMTP_URL.
      log.info(
        { file, to: mail.to, link: mailLink(mail.text, config.ISSUER) },
        `mail written: ${mail.subject}`,
      );
    },
    close: () => files.close(),
  };
}
