-- Tamper evidence and exactly-once delivery for the audit trail: every row gets the id of the event it
-- records (unique, so a writer that crashes between commit and acknowledgement cannot write it twice),
-- the grant and request it belongs to, and a SHA-256 hash chaining it to the row before it.
alter table audit_log
  add column event_id text,
  add column grant_id text,
  add column request_id text,
  add column prev_hash text,
  add column hash text;

create unique index audit_log_event_id on audit_log (event_id);
create index audit_log_grant on audit_log (grant_id) where grant_id is not null;
