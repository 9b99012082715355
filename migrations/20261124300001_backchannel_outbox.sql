-- Durable back-channel logout deliveries: one row per (RP, ended session), retried until delivered or past its
-- deadline. The jti is fixed here so every retry carries the same token identity and RPs can de-duplicate.
create table backchannel_outbox (
  id bigserial primary key,
  client_id text not null,
  account_id text not null,
  sid text,
  session_id text,
  jti text not null unique,
  reason text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  deadline_at timestamptz not null,
  last_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);

-- The worker's claim query: due pending rows in order.
create index backchannel_outbox_due on backchannel_outbox (next_attempt_at) where status = 'pending';
-- A session ends once per RP: several triggers for the same (client, sid) enqueue one delivery.
create unique index backchannel_outbox_client_sid on backchannel_outbox (client_id, sid) where sid is not null;
create index backchannel_outbox_status_created on backchannel_outbox (status, created_at);
