-- Responsible-gambling limits: a per-session time limit in minutes (null = none) and self-exclusion end.
alter table accounts add column session_limit_minutes integer check (session_limit_minutes > 0);
alter table accounts add column excluded_until timestamptz;
