-- Sessions and tokens authenticated before this instant (epoch seconds) are no longer valid.
-- Kept in step with session_version by a trigger, so every bump (password, status, roles) moves it,
-- whichever code path makes it. It is the next whole second: artefacts carry second-granular auth times,
-- and a login in the same second as the bump is stamped with this value (see server/sessions/versions).
alter table accounts add column session_not_before bigint not null default 0;

create function accounts_session_not_before() returns trigger language plpgsql as $$
begin
  if new.session_version is distinct from old.session_version then
    new.session_not_before := floor(extract(epoch from clock_timestamp()))::bigint + 1;
  end if;
  return new;
end;
$$;

create trigger accounts_session_not_before before update on accounts
  for each row execute function accounts_session_not_before();
