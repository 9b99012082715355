import type pg from 'pg';
import type { MailOutbox, QueuedMail } from '../../server/mail/mail-outbox.ts';
import { claimDue } from './claim-due.ts';

interface Row {
  id: string;
  kind: QueuedMail['kind'];
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  deadline_at: Date;
}

/** MailOutbox on the mail_outbox table; leased claims (claim-due.ts), as the logout outbox. */
export function createMailOutboxStore(pool: pg.Pool): MailOutbox {
  return {
    async enqueue(mail, deadlineAt) {
      const { rows } = await pool.query<{ id: string }>(
        `insert into mail_outbox (kind, recipient, subject, text_body, html_body, deadline_at)
         values ($1, $2, $3, $4, $5, $6) returning id`,
        [mail.kind, mail.to, mail.subject, mail.text, mail.html, deadlineAt],
      );
      return String(rows[0]!.id);
    },

    async claim(limit, leaseSeconds) {
      const rows = await claimDue<Row>(pool, 'mail_outbox', limit, leaseSeconds);
      return rows.map((r) => ({
        id: String(r.id),
        kind: r.kind,
        to: r.recipient,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        attempts: r.attempts,
        deadlineAt: r.deadline_at,
      }));
    },

    async settle(mail, result) {
      // attempts fences a worker whose lease ran out (the row was claimed again meanwhile).
      if (result.outcome === 'sent') {
        await pool.query(
          `update mail_outbox set status = 'sent', sent_at = now(), last_error = null, text_body = null,
             html_body = null where id = $1 and attempts = $2 and status = 'pending'`,
          [mail.id, mail.attempts],
        );
      } else if (result.outcome === 'retry') {
        await pool.query(
          `update mail_outbox set last_error = $3,
             next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
           where id = $1 and attempts = $2 and status = 'pending'`,
          [mail.id, mail.attempts, result.error.slice(0, 500), result.retryInMs],
        );
      } else {
        await pool.query(
          `update mail_outbox set status = 'failed', last_error = $3, text_body = null, html_body = null
           where id = $1 and attempts = $2 and status = 'pending'`,
          [mail.id, mail.attempts, result.error.slice(0, 500)],
        );
      }
    },

    async pendingCount() {
      const { rows } = await pool.query<{ n: string }>(
        `select count(*) as n from mail_outbox where status = 'pending'`,
      );
      return Number(rows[0]!.n);
    },
  };
}
