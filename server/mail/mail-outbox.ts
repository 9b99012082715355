/** What a mail is about (audited and counted; never its content). */
export type MailKind =
  | 'verify_email'
  | 'password_reset'
  | 'password_changed'
  | 'already_registered'
  | 'new_device'
  | 'factor_changed';

/** A rendered mail (views/mail/), ready to queue. */
export interface OutgoingMail {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** One queued mail as the worker sees it. */
export interface QueuedMail extends OutgoingMail {
  id: string;
  attempts: number;
  deadlineAt: Date;
}

export type MailAttempt =
  | { outcome: 'sent' }
  | { outcome: 'retry'; error: string; retryInMs: number }
  | { outcome: 'failed'; error: string };

/** The durable mail queue (adapters/postgres/mail-outbox-store.ts). */
export interface MailOutbox {
  /** Stores the mail durably; resolves once it is committed. */
  enqueue(mail: OutgoingMail, deadlineAt: Date): Promise<string>;
  /** Claims up to `limit` due mails for one attempt each, hidden from other instances for `leaseSeconds`. */
  claim(limit: number, leaseSeconds: number): Promise<QueuedMail[]>;
  /** Records an attempt (ignored when the row was re-claimed since); a sent mail loses its body. */
  settle(mail: QueuedMail, result: MailAttempt): Promise<void>;
  /** Pending mails (metrics, tests). */
  pendingCount(): Promise<number>;
}
