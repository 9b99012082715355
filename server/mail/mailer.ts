import type { Logger } from 'pino';
import type { MailAttempt, MailOutbox, OutgoingMail, QueuedMail } from './mail-outbox.ts';
import type { MailTransport } from './mail-transport.ts';

export interface MailerOptions {
  outbox: MailOutbox;
  transport: MailTransport;
  log?: Pick<Logger, 'warn' | 'info'> | undefined;
  /** How often to look for mail queued elsewhere or retries come due (default 1 s). */
  pollMs?: number;
  /** Backoff after a failed attempt: base doubled per attempt, capped (default 2 s .. 15 min). */
  backoff?: { baseMs: number; maxMs: number };
  /** How long a mail is retried before it is marked failed (default 3 days). */
  deadlineSeconds?: number;
}

/** Queues player mail durably and sends it from every instance. */
export interface Mailer {
  /** Commits the mail to the outbox (so the page can answer) and wakes the worker. */
  send(mail: OutgoingMail): Promise<void>;
  start(): void;
  /** Stops claiming and waits for the attempt in flight. */
  stop(): Promise<void>;
  /** Look for work now (tests; the worker also polls). */
  wake(): void;
}

/** How long a mail is retried by default before it is marked failed (3 days). */
export const MAIL_DEADLINE_SECONDS = 3 * 24 * 3600;

const BATCH = 10;
const LEASE_SECONDS = 120;

/** The mail worker: claim due mails, send each, settle (sent / retry with backoff / failed after the deadline). */
export function createMailer(options: MailerOptions): Mailer {
  const pollMs = options.pollMs ?? 1000;
  const backoff = options.backoff ?? { baseMs: 2000, maxMs: 15 * 60 * 1000 };
  const deadlineMs = (options.deadlineSeconds ?? MAIL_DEADLINE_SECONDS) * 1000;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let pumping: Promise<void> | undefined;
  let again = false;

  const attempt = async (mail: QueuedMail): Promise<MailAttempt> => {
    try {
      await options.transport.send(mail);
      options.log?.info({ mailId: mail.id, kind: mail.kind }, 'mail sent');
      return { outcome: 'sent' };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const retryInMs = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (mail.attempts - 1));
      if (Date.now() + retryInMs > mail.deadlineAt.getTime()) return { outcome: 'failed', error };
      options.log?.warn(
        { mailId: mail.id, kind: mail.kind, attempts: mail.attempts, error },
        'mail not sent; will retry',
      );
      return { outcome: 'retry', error, retryInMs };
    }
  };

  const pumpOnce = async () => {
    for (;;) {
      const batch = await options.outbox.claim(BATCH, LEASE_SECONDS);
      for (const mail of batch) await options.outbox.settle(mail, await attempt(mail));
      if (batch.length < BATCH || !running) return;
    }
  };

  const kick = () => {
    if (!running) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pumpOnce()
      .catch((err) => options.log?.warn({ err: String(err) }, 'mail outbox claim failed'))
      .finally(() => {
        pumping = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  };

  return {
    async send(mail) {
      await options.outbox.enqueue(mail, new Date(Date.now() + deadlineMs));
      kick();
    },
    start() {
      if (running) return;
      running = true;
      timer = setInterval(kick, pollMs);
      timer.unref();
      kick();
    },
    async stop() {
      running = false;
      clearInterval(timer);
      await pumping;
    },
    wake: kick,
  };
}
