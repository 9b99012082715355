-- The CLI on the embedded defaults also hands the running server lockout clears (`pitboss user unlock`): the
-- counters live in that server's memory. 'end' rows end sessions (or, with an empty reason, only refresh
-- the account's session state); 'unlock' rows clear the account's sign-in and MFA lockouts.
alter table session_end_requests
  add column action text not null default 'end' check (action in ('end', 'unlock'));
