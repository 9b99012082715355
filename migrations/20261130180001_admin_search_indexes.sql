-- Operator search and audit filters: email prefix search (LIKE 'abc%' on lower(email) needs the
-- pattern operator class), and the audit export's client and IP filters in time order.
create index accounts_email_prefix on accounts (lower(email) text_pattern_ops);
create index audit_log_client_at on audit_log (client_id, at) where client_id is not null;
create index audit_log_ip_at on audit_log (ip, at) where ip is not null;
-- An ending's answer lists the deliveries it queued for the account.
create index backchannel_outbox_account on backchannel_outbox (account_id, id);
