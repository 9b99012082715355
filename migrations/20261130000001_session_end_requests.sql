-- Endings asked for by a process that cannot reach the server's session store (the CLI on the embedded
-- defaults, where sessions live in the server's memory), run by whichever server instance claims them first.
create table session_end_requests (
  id bigserial primary key,
  account_id text not null,
  reason text not null,
  actor text,
  surface text not null,
  requested_at timestamptz not null default now(),
  claimed_until timestamptz,
  done_at timestamptz,
  result jsonb
);
create index session_end_requests_pending on session_end_requests (requested_at) where done_at is null;
