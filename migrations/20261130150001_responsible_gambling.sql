-- Responsible gambling with history. Limits: every requested change is a row (a stricter one applies at once, a
-- looser one waits RG_COOLING_OFF); accounts.session_limit_minutes / reality_check_minutes hold the value in
-- force, written only when a change applies. Restrictions: time-out, self-exclusion, panic, register match, each
-- with start, end (null = permanent), who, from which surface and why. Nothing here is ever deleted, and no
-- restriction can be shortened: a trigger refuses it on the app's connection.
alter table accounts add column reality_check_minutes integer check (reality_check_minutes > 0);
alter table accounts add column last_login_at timestamptz;
alter table accounts add column previous_login_at timestamptz;

create table rg_limit_changes (
  id bigserial primary key,
  account_id uuid not null references accounts (id),
  name text not null check (name in ('session_minutes', 'reality_check_minutes')),
  old_value integer,
  new_value integer check (new_value > 0),
  requested_at timestamptz not null default now(),
  effective_at timestamptz not null,
  applied_at timestamptz,
  cancelled_at timestamptz,
  actor text not null,
  surface text not null,
  reason text
);

create index rg_limit_changes_account on rg_limit_changes (account_id, requested_at);
create index rg_limit_changes_due on rg_limit_changes (effective_at) where applied_at is null and cancelled_at is null;

create table rg_restrictions (
  id bigserial primary key,
  account_id uuid not null references accounts (id),
  kind text not null check (kind in ('timeout', 'self_exclusion', 'panic', 'register')),
  period text,
  starts_at timestamptz not null default now(),
  ends_at timestamptz,
  actor text not null,
  surface text not null,
  reason text,
  created_at timestamptz not null default now()
);

create index rg_restrictions_account on rg_restrictions (account_id, starts_at);

create function rg_restrictions_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'rg_restrictions is append-only (% refused): a restriction cannot be lifted early', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger rg_restrictions_no_update_delete before update or delete on rg_restrictions
  for each row execute function rg_restrictions_refuse_change();

create function rg_limit_changes_refuse_delete() returns trigger language plpgsql as $$
begin
  raise exception 'rg_limit_changes keeps its history (% refused)', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger rg_limit_changes_no_delete before delete on rg_limit_changes
  for each row execute function rg_limit_changes_refuse_delete();

-- The last answer of the exclusion register per account (its history is in the audit log).
create table rg_register_checks (
  account_id uuid primary key references accounts (id),
  excluded boolean not null,
  checked_at timestamptz not null
);

-- Existing data: a session time limit becomes its first (applied) history row; a self-excluded account becomes
-- an active account with a self-exclusion restriction (a restriction is not an account status any more).
insert into rg_limit_changes (account_id, name, old_value, new_value, requested_at, effective_at, applied_at, actor, surface, reason)
  select id, 'session_minutes', null, session_limit_minutes, updated_at, updated_at, updated_at, 'migration', 'migration',
         'carried over from accounts.session_limit_minutes'
  from accounts where session_limit_minutes is not null;

insert into rg_restrictions (account_id, kind, period, starts_at, ends_at, actor, surface, reason)
  select id, 'self_exclusion', case when excluded_until is null then 'permanent' end, updated_at, excluded_until,
         'migration', 'migration', 'carried over from accounts.status self_excluded'
  from accounts where status = 'self_excluded';

update accounts set status = 'active' where status = 'self_excluded';
