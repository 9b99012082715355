-- Durable player mail: queued in the same request that needs it (before the page answers), sent by whichever
-- instance claims it, retried with backoff while the SMTP server is down. Bodies are cleared once sent, so
-- links with tokens live here only while a mail is pending.
create table mail_outbox (
  id bigserial primary key,
  kind text not null,
  recipient text not null,
  subject text not null,
  text_body text,
  html_body text,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  deadline_at timestamptz not null,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);

create index mail_outbox_due on mail_outbox (next_attempt_at) where status = 'pending';
