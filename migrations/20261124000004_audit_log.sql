-- Append-only security events. No foreign keys: the trail must outlive the accounts and clients it names.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  type text not null,
  outcome text not null,
  account_id text,
  client_id text,
  session_id text,
  ip text,
  user_agent text,
  detail jsonb not null default '{}'
);

create index audit_log_at on audit_log (at);
create index audit_log_account_at on audit_log (account_id, at);
create index audit_log_type_at on audit_log (type, at);
